/// The stable name of an alert rule, as it appears in the transition JSON (`"rule"`), in the
/// config file's `alerts.rules` section, in residents' overrides and in metrics labels.
///
/// A struct rather than an enum so that the store can round-trip names written by a newer or older
/// gateway without failing to decode; the constants are the catalogue of alerts.md.
public struct RuleID: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static let fall: RuleID = "fall"
    public static let sos: RuleID = "sos"
    public static let bedExit: RuleID = "bed_exit"
    public static let bathroomStay: RuleID = "bathroom_stay"
    public static let apnea: RuleID = "apnea"
    public static let heartRate: RuleID = "heart_rate"
    public static let respiration: RuleID = "respiration"
    public static let spo2: RuleID = "spo2"
    public static let temperature: RuleID = "temperature"
    public static let repositioning: RuleID = "repositioning"
    public static let wandering: RuleID = "wandering"
    public static let tipOver: RuleID = "tip_over"
    public static let wheelchairFault: RuleID = "wheelchair_fault"
    public static let bedNotSafe: RuleID = "bed_not_safe"
    public static let deviceOffline: RuleID = "device_offline"
    public static let lowBattery: RuleID = "low_battery"
    public static let notWorn: RuleID = "not_worn"
    public static let hoistExam: RuleID = "hoist_exam"

    /// Not a rule: the settings section for escalation, re-notification and suppression.
    public static let lifecycle: RuleID = "lifecycle"
    /// Not a rule: the persisted suppression windows of a subject (staff present, away, maintenance).
    public static let suppression: RuleID = "suppression"
}
