import CareGateCore
import CareGateSimulation
import Foundation

/// Shared instants, fleets and helpers for the simulation tests.
enum Fixtures {
    static let shanghai = SiteCalendar(identifier: "Asia/Shanghai")!
    /// 2026-11-22 02:55 in Shanghai (18:55 UTC the day before): the middle of the night window.
    static let night: EpochMillis = 1_795_287_300_000
    /// 2026-11-22 10:00 in Shanghai: daytime routines run.
    static let morning: EpochMillis = 1_795_312_800_000
    static let minute: EpochMillis = 60_000
    static let hour: EpochMillis = 3_600_000

    /// One device of every model, one resident per room so every device is bound.
    static func everyModel(site: String = "sh-01") -> Fleet {
        var spec = FleetSpec.uniform(site: site, perModel: 1)
        spec.residentsPerRoom = 1
        return Fleet(spec: spec, seed: 11)
    }

    static func plan(
        seed: UInt64 = 42, start: EpochMillis = night, length: SimulationPlan.Length = .duration(10 * minute),
        rateScale: Double = 1, malformed: Double = 0, duplicates: Double = 0, scenarios: [Scenario] = []
    ) -> SimulationPlan {
        SimulationPlan(
            seed: seed, start: start, calendar: shanghai, length: length, rateScale: rateScale,
            malformedShare: malformed, duplicateShare: duplicates, scenarios: scenarios)
    }

    static func run(_ fleet: Fleet, _ plan: SimulationPlan) throws -> [SimulatedMessage] {
        Array(try SimulationStream(fleet: fleet, plan: plan))
    }

    /// The payload parsed as a JSON object (Foundation is fine in tests: off the hot path).
    static func object(_ message: SimulatedMessage) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(message.payload))) as? [String: Any]
    }

    static func text(_ message: SimulatedMessage) -> String {
        String(decoding: message.payload, as: UTF8.self)
    }

    /// The deepest nesting of objects and arrays, counting brackets outside strings.
    static func depth(_ bytes: [UInt8]) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}

extension SimulatedMessage {
    var isValid: Bool {
        if case .valid = expected { return true }
        return false
    }

    var role: MessageRole? {
        if case .valid(_, let role) = expected { return role }
        return nil
    }

    /// The `props` of a native telemetry or state message.
    var props: [String: Any]? { Fixtures.object(self)?["props"] as? [String: Any] }

    /// The `type` of a native event.
    var eventType: String? { Fixtures.object(self)?["type"] as? String }
}
