import CareGateCore
import CareGateStorage

extension GatewayConfiguration {
    /// `retention:` how long each class of records is kept and how many bytes it may occupy (see
    /// `RetentionPlanner` for the order in which budgets remove records).
    public struct Retention: Sendable, Hashable {
        /// `interval_s`: seconds between retention passes (rollups, purge, vacuum, checkpoint).
        public var intervalSeconds = 300
        /// Per class (`telemetry`, `rollups`, `events`, `alerts`, `quarantine`): `max_age`
        /// (a number with `s`, `m`, `h` or `d`) and `max_mib` (MiB of the database file).
        public var limits: [RetentionClass: RetentionLimits] = Retention.defaultLimits

        public init() {}

        static let day: EpochMillis = 86_400_000
        static let mib: Int64 = 1 << 20
        static let defaultLimits: [RetentionClass: RetentionLimits] = [
            .telemetry: RetentionLimits(maxAge: 30 * day, maxBytes: 4096 * mib),
            .rollups: RetentionLimits(maxAge: 400 * day, maxBytes: 1024 * mib),
            .events: RetentionLimits(maxAge: 400 * day, maxBytes: 512 * mib),
            .alerts: RetentionLimits(maxAge: 730 * day, maxBytes: 256 * mib),
            .quarantine: RetentionLimits(maxAge: 7 * day, maxBytes: 64 * mib),
        ]

        /// The policy the retention pass applies.
        public var policy: RetentionPolicy { RetentionPolicy(limits: limits) }
    }
}

extension GatewayConfiguration.Retention {
    static let keys = ["interval_s"] + RetentionClass.allCases.map(\.rawValue)
    static let classKeys = ["max_age", "max_mib"]

    mutating func read(_ map: YAMLMap) {
        intervalSeconds = map.int("interval_s", in: 1...86_400) ?? intervalSeconds
        for dataClass in RetentionClass.allCases {
            guard let classMap = map.map(dataClass.rawValue, knownKeys: Self.classKeys) else { continue }
            if let value = classMap.value("max_age"), let text = value.string() {
                if let age = Self.age(text) {
                    limits[dataClass, default: RetentionLimits()].maxAge = age
                } else {
                    value.report("max_age must be a whole number with s, m, h or d (e.g. 30d), found '\(text)'")
                }
            }
            if let mib = classMap.double("max_mib", in: 0.001...1_048_576) {
                limits[dataClass, default: RetentionLimits()].maxBytes = Int64(mib * Double(Self.mib))
            }
        }
    }

    /// `90s`, `15m`, `12h`, `30d` in milliseconds.
    static func age(_ text: String) -> EpochMillis? {
        guard let unit = text.last, let number = EpochMillis(text.dropLast()), number > 0 else { return nil }
        let scale: EpochMillis? = switch unit {
        case "s": 1000
        case "m": 60_000
        case "h": 3_600_000
        case "d": day
        default: nil
        }
        return scale.map { number * $0 }
    }
}
