import CareGateCore
import CareGateSimulation
import Foundation
import Testing

@Suite struct NativeEnvelopeTests {
    let fleet = Fixtures.everyModel()

    func messages(start: EpochMillis = Fixtures.morning, minutes: Int64 = 45) throws -> [SimulatedMessage] {
        let plan = Fixtures.plan(start: start, length: .duration(minutes * Fixtures.minute), rateScale: 4, malformed: 0.02, duplicates: 0.02)
        return try Fixtures.run(fleet, plan)
    }

    @Test func everyValidNativeMessageHasTheEnvelope() throws {
        let all = try messages()
        let native = all.filter { $0.isValid && $0.topic.hasPrefix("care/sh-01/") }
        #expect(native.count > 500)
        for message in native {
            let parts = message.topic.split(separator: "/").map(String.init)
            #expect(parts.count == 5 && parts[2] == message.kind?.rawValue && parts[3] == message.deviceId)
            #expect(parts[4] == message.role?.rawValue)
            switch message.role {
            case .availability:
                #expect(Fixtures.text(message) == "online" && message.retain && message.qos == 1)
            case .telemetry, .state:
                let object = try #require(Fixtures.object(message), "\(Fixtures.text(message))")
                #expect(object["ts"] as? Int64 == Fixtures.morning + message.offset)
                #expect(object["seq"] is Int)
                #expect(!(message.props ?? [:]).isEmpty)
                #expect(message.retain == (message.role == .state))
                #expect(message.payload.count < 200 && !message.payload.contains(UInt8(ascii: " ")))
            case .event:
                let object = try #require(Fixtures.object(message))
                #expect(object["type"] is String && object["data"] is [String: Any] && object["seq"] is Int)
                #expect(message.qos == 1 && !message.retain)
            case .meter:
                let object = try #require(Fixtures.object(message))
                for key in ["ts", "seq", "usage_s", "distance_m", "sessions"] { #expect(object[key] is Int, "\(key)") }
            default:
                Issue.record("unexpected \(message.expected)")
            }
        }
    }

    @Test func seqIncreasesPerDeviceAcrossAllTopics() throws {
        var last: [String: Int] = [:]
        var topics: [String: Set<String>] = [:]
        for message in try messages() where message.isValid {
            guard let id = message.deviceId, message.topic.hasPrefix("care/"), let object = Fixtures.object(message),
                let seq = object["seq"] as? Int
            else { continue }
            #expect(seq > last[id, default: 0], "\(id) seq \(seq) after \(last[id, default: 0])")
            last[id] = seq
            topics[id, default: []].insert(message.topic)
        }
        #expect(last.count == 8)
        #expect((topics["wc-0001"]?.count ?? 0) >= 3, "telemetry, state and meter share one counter")
    }

    @Test func readingsAreRealistic() throws {
        var checked = 0
        var travelled = false
        for run in [try messages(), try messages(start: Fixtures.night, minutes: 30)] {
            var odometer: Double = 0
            for message in run where message.role == .telemetry && message.topic.hasPrefix("care/") {
            let props = try #require(message.props)
            func number(_ key: String) -> Double? { (props[key] as? NSNumber)?.doubleValue }
            if let value = number("heart_rate") { #expect((55...90).contains(value)) }
            if let value = number("resp_rate") { #expect((12...20).contains(value)) }
            if let value = number("spo2") { #expect((95...99).contains(value)) }
            if let value = number("skin_temp") { #expect((32...35).contains(value)) }
            if let value = number("body_temp") { #expect((36.2...37.2).contains(value)) }
            if let value = number("battery_v") { #expect((24...26).contains(value)) }
            if let value = number("speed") { #expect((0...1.5).contains(value)) }
            if let value = number("backrest") { #expect((0...45).contains(value)) }
            if let value = number("battery") { #expect((0...100).contains(value)) }
            if message.deviceId == "wc-0001", let value = number("odometer") {
                #expect(value >= odometer)
                travelled = travelled || (odometer > 0 && value > odometer)
                odometer = value
            }
            if message.kind == .fallRadar {
                #expect(["standing", "sitting", "lying", "fallen", "absent"].contains(props["posture"] as? String ?? ""))
                #expect(["none", "still", "active"].contains(props["motion"] as? String ?? ""))
            }
            checked += 1
            }
        }
        #expect(checked > 500 && travelled)
    }
}
