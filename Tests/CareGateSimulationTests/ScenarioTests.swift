import CareGateCore
import CareGateSimulation
import Testing

@Suite struct ScenarioTests {
    let fleet = Fixtures.everyModel()
    let at: EpochMillis = 2 * Fixtures.minute

    func run(_ requests: [ScenarioRequest], minutes: Int64 = 10) throws -> [SimulatedMessage] {
        let scenarios = try requests.map { try $0.compile(in: fleet) }
        return try Fixtures.run(fleet, Fixtures.plan(length: .duration(minutes * Fixtures.minute), scenarios: scenarios))
    }

    func events(_ messages: [SimulatedMessage], _ deviceId: String) -> [(offset: EpochMillis, type: String)] {
        messages.filter { $0.deviceId == deviceId && $0.role == .event }.compactMap { message in
            message.eventType.map { (message.offset, $0) }
        }
    }

    @Test func fallOnANativeRadar() throws {
        let messages = try run([ScenarioRequest(.fall, at: at, target: "fr-0001")])
        let fell = at + 5_000
        #expect(events(messages, "fr-0001").map(\.type) == ["fall_suspected", "fall"])
        #expect(events(messages, "fr-0001").map(\.offset) == [fell, fell + 70_000])
        let fallen = messages.filter { $0.deviceId == "fr-0001" && $0.role == .telemetry && $0.props?["posture"] as? String == "fallen" }
        #expect(fallen.first?.offset == fell && fallen.last.map { $0.offset < fell + 180_000 } == true)
        #expect(fallen.count >= 180, "reported at least every second while down")
        #expect(fallen.allSatisfy { $0.props?["presence"] as? Bool == true && $0.props?["motion"] as? String == "none" })
        let after = messages.first { $0.deviceId == "fr-0001" && $0.role == .telemetry && $0.offset >= fell + 180_000 }
        #expect(after?.props?["posture"] as? String == "sitting")
    }

    @Test func shortFallIsCancelled() throws {
        let messages = try run([ScenarioRequest(.fall, at: at, target: "fr-0001", options: ["seconds": "30"])])
        #expect(events(messages, "fr-0001").map(\.type) == ["fall_suspected", "fall_cancelled"])
        #expect(events(messages, "fr-0001").last?.offset == at + 35_000)
    }

    @Test func fallOnATuyaRadarShowsInItsStatus() throws {
        let messages = try run([ScenarioRequest(.fall, at: at, target: "tuya-0001")])
        let statuses = messages.filter { $0.topic == "zigbee2mqtt/tuya-0001" }.compactMap { message in
            (Fixtures.object(message)?["fall_down_status"] as? String).map { (message.offset, $0) }
        }
        #expect(statuses.first { $0.1 == "maybe_fall" }?.0 == at + 5_000)
        #expect(statuses.first { $0.1 == "fall" }?.0 == at + 75_000)
        #expect(statuses.first { $0.0 >= at + 185_000 }?.1 == "none")
        #expect(!messages.contains { $0.deviceId == "tuya-0001" && $0.role == .event })
    }

    @Test func nightBedExitWithoutReturn() throws {
        // 02:55 local + 5 minutes: inside the night window.
        let exit = 5 * Fixtures.minute
        #expect(Fixtures.shanghai.minuteOfDay(Fixtures.night + exit) == 3 * 60)
        let messages = try run([ScenarioRequest(.bedExit, at: exit, target: "R-0001")], minutes: 40)
        for sensor in ["vr-0001", "bed-0001"] {
            #expect(events(messages, sensor).map(\.type) == ["bed_exit", "bed_enter"], "\(sensor)")
            #expect(events(messages, sensor).map(\.offset) == [exit, exit + 25 * Fixtures.minute], "\(sensor)")
            let away = messages.filter {
                $0.deviceId == sensor && $0.role == .telemetry && $0.offset >= exit && $0.offset < exit + 25 * Fixtures.minute
            }
            #expect(away.count >= 25 && away.allSatisfy { $0.props?["in_bed"] as? Bool == false }, "\(sensor)")
        }
        let emptyBed = messages.first { $0.deviceId == "vr-0001" && $0.role == .telemetry && $0.offset > exit }
        #expect(emptyBed?.props?["heart_rate"] == nil, "no vitals from an empty bed")
    }

    @Test func apneaHoldsBreathThenReports() throws {
        let messages = try run([ScenarioRequest(.apnea, at: at, target: "vr-0001")])
        let held = messages.filter {
            $0.deviceId == "vr-0001" && $0.role == .telemetry && $0.offset >= at && $0.offset < at + 30_000
        }
        #expect(held.count >= 29)
        #expect(held.allSatisfy { $0.props?["resp_rate"] as? Int == 0 && $0.props?["in_bed"] as? Bool == true })
        let event = messages.first { $0.deviceId == "vr-0001" && $0.eventType == "apnea" }
        #expect(event?.offset == at + 30_000)
        #expect((Fixtures.object(event!)?["data"] as? [String: Any])?["duration_s"] as? Int == 30)
        let breathing = messages.first { $0.deviceId == "vr-0001" && $0.role == .telemetry && $0.offset > at + 30_000 }
        #expect((breathing?.props?["resp_rate"] as? Int ?? 0) >= 12)
    }

    @Test func wheelchairTipsOver() throws {
        let messages = try run([ScenarioRequest(.tipOver, at: at, target: "wc-0001")])
        let tip = at + 10_000
        let chair = messages.filter { $0.deviceId == "wc-0001" && $0.role == .telemetry }
        let tilted = chair.filter { ($0.props?["tilt"] as? Double) == 45 }
        #expect(tilted.first?.offset == tip && (tilted.last?.offset ?? 0) < tip + 3_000 && tilted.count >= 3)
        #expect(tilted.allSatisfy { $0.props?["presence"] as? Bool == true })
        #expect(chair.contains { $0.offset >= at && $0.offset < tip && ($0.props?["speed"] as? Double) == 0.9 })
        #expect(events(messages, "wc-0001").contains { $0.type == "tip_over" && $0.offset == tip + 2_000 })
    }

    @Test func silentDeviceWithAndWithoutAnnouncement() throws {
        let messages = try run([ScenarioRequest(.silentDevice, at: at, target: "fr-0001", options: ["minutes": "3", "offline": "true"])])
        let radar = messages.filter { $0.deviceId == "fr-0001" }
        let offline = radar.first { $0.role == .availability && Fixtures.text($0) == "offline" }
        #expect(offline?.offset == at && offline?.retain == true)
        #expect(!radar.contains { $0.offset > at && $0.offset < at + 3 * Fixtures.minute })
        let back = radar.first { $0.offset >= at + 3 * Fixtures.minute }
        #expect(back?.offset == at + 3 * Fixtures.minute && back.map(Fixtures.text) == "online")

        let forever = try run([ScenarioRequest(.silentDevice, at: at, target: "vr-0001", options: ["minutes": "0"])])
        #expect(!forever.contains { $0.deviceId == "vr-0001" && $0.offset >= at })
        #expect(!forever.contains { $0.deviceId == "vr-0001" && $0.role == .availability && $0.offset > 0 && Fixtures.text($0) == "offline" })
    }

    @Test func malformedBurst() throws {
        let messages = try run([ScenarioRequest(.malformedBurst, at: at)])
        let burst = messages.filter { if case .quarantined = $0.expected { true } else { false } }
        #expect(burst.count == 50)
        #expect(burst.allSatisfy { $0.offset >= at && $0.offset < at + 1_000 })
        #expect(Set(burst.map(\.expected)).count == MalformedMessageFactory.reasons.count)

        let aimed = try run([ScenarioRequest(.malformedBurst, at: at, target: "vr-0001", options: ["count": "12"])])
        #expect(aimed.filter { if case .quarantined = $0.expected { true } else { false } }.allSatisfy { $0.deviceId == "vr-0001" })
    }

    @Test func defaultTargetsAndErrors() throws {
        #expect(try ScenarioRequest(.fall, at: 0).compile(in: fleet).steps.allSatisfy { $0.deviceId == "fr-0001" })
        #expect(try ScenarioRequest(.tipOver, at: 0, target: "R-0001").compile(in: fleet).steps.first?.deviceId == "wc-0001")
        #expect(throws: ScenarioError.self) { try ScenarioRequest(.fall, at: 0, target: "vr-0001").compile(in: fleet) }
        #expect(throws: ScenarioError.self) { try ScenarioRequest(.apnea, at: 0, target: "nobody").compile(in: fleet) }
        #expect(throws: ScenarioError.self) { try ScenarioRequest(.bedExit, at: 0, options: ["hours": "1"]).compile(in: fleet) }
        #expect(throws: ScenarioError.self) { try ScenarioRequest(.silentDevice, at: 0, options: ["offline": "yes"]).compile(in: fleet) }
        let onlyBeds = Fleet(spec: FleetSpec(site: "sh-01", counts: [.careBed: 1]), seed: 1)
        #expect(throws: ScenarioError.self) { try ScenarioRequest(.tipOver, at: 0).compile(in: onlyBeds) }
        let stray = Scenario(name: "stray", steps: [ScenarioStep(at: 0, deviceId: "zz-9999", action: .event(type: "sos", data: []))])
        #expect(throws: ScenarioError.self) { try SimulationStream(fleet: fleet, plan: Fixtures.plan(scenarios: [stray])) }
    }
}
