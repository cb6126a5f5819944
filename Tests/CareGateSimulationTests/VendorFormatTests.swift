import CareGateCore
import CareGateSimulation
import Testing

@Suite struct VendorFormatTests {
    let messages: [SimulatedMessage]

    init() throws {
        messages = try Fixtures.run(Fixtures.everyModel(), Fixtures.plan(length: .duration(5 * Fixtures.minute)))
    }

    @Test func tuyaPublishesTheFullZigbee2mqttObject() throws {
        let tuya = messages.filter { $0.deviceId == "tuya-0001" }
        let state = try #require(tuya.first { $0.topic == "zigbee2mqtt/tuya-0001" })
        let object = try #require(Fixtures.object(state))
        let keys: Set<String> = [
            "presence", "occupancy", "motion_speed", "motion_direction", "fall_down_status", "illuminance",
            "radar_sensitivity", "tumble_switch", "fall_sensitivity", "tumble_alarm_time", "linkquality",
        ]
        #expect(Set(object.keys) == keys)
        #expect(object["ts"] == nil && object["seq"] == nil)
        #expect(["standing_still", "moving_forward", "moving_backward"].contains(object["motion_direction"] as? String ?? ""))
        let availability = try #require(tuya.first { $0.topic == "zigbee2mqtt/tuya-0001/availability" })
        #expect(Fixtures.text(availability) == #"{"state":"online"}"# && availability.retain)
    }

    @Test func alinkPostsThingModelProperties() throws {
        let posts = messages.filter { $0.topic == "/sys/a1CareGate01/alink-0001/thing/event/property/post" }
        #expect(posts.count > 20)
        var lastId = 0
        for post in posts {
            let object = try #require(Fixtures.object(post))
            #expect(object["version"] as? String == "1.0" && object["method"] as? String == "thing.event.property.post")
            #expect((object["sys"] as? [String: Any])?["ack"] as? Int == 0)
            let id = try #require(Int(object["id"] as? String ?? ""))
            #expect(id > lastId)
            lastId = id
            let params = try #require(object["params"] as? [String: [String: Any]])
            #expect(params["InBed"]?["value"] as? Int == 1, "the resident sleeps at 02:55")
            for key in ["HeartRate", "RespiratoryRate", "BodyMovement"] {
                #expect(params[key]?["time"] as? Int64 == Fixtures.night + post.offset, "\(key)")
            }
        }
    }

    @Test func alinkEventsUseTheirIdentifier() throws {
        let fleet = Fixtures.everyModel()
        let scenario = try ScenarioRequest(.apnea, at: Fixtures.minute, target: "alink-0001").compile(in: fleet)
        let run = try Fixtures.run(fleet, Fixtures.plan(length: .duration(3 * Fixtures.minute), scenarios: [scenario]))
        let event = try #require(run.first { $0.topic.hasSuffix("/ApneaAlarm/post") })
        #expect(event.topic == "/sys/a1CareGate01/alink-0001/thing/event/ApneaAlarm/post")
        #expect(Fixtures.text(event).hasSuffix(#""params":{"value":{"Duration":30},"time":\#(Fixtures.night + 90_000)},"method":"thing.event.ApneaAlarm.post"}"#))
    }

    @Test func esphomePublishesOneScalarPerEntity() throws {
        let esp = messages.filter { $0.deviceId == "esp-0001" }
        func values(_ entity: String) -> [String] { esp.filter { $0.topic.hasSuffix("/\(entity)/state") }.map(Fixtures.text) }
        let heart = values("heart_rate")
        #expect(heart.count > 100 && heart.allSatisfy { $0.split(separator: ".").last?.count == 2 && Double($0) != nil })
        #expect(values("breath_rate").allSatisfy { (12...20).contains(Double($0) ?? 0) })
        #expect(values("distance").allSatisfy { $0.split(separator: ".").last?.count == 1 })
        #expect(Set(values("has_target")) == ["ON"])
        #expect(esp.first { $0.topic == "esp-0001/status" }.map(Fixtures.text) == "online")
        let housekeeping = esp.filter { $0.topic.hasSuffix("/wifi_signal/state") || $0.topic.hasSuffix("/num_targets/state") }
        #expect(housekeeping.count >= 8 && housekeeping.allSatisfy { $0.expected == .ignored })
        #expect(esp.filter { $0.expected == .ignored }.count == housekeeping.count)
    }
}
