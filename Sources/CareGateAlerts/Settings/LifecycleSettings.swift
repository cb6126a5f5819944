import CareGateCore

/// Escalation ladder, re-notification cadence, acknowledgement timeout and suppression lengths,
/// per severity: the `lifecycle` section of the rule settings.
///
/// A value of 0 disables that step (no re-notification, no further tier, no re-escalation).
/// Ladder offsets are counted from the moment the alert became active, so the gaps between tiers
/// (60 s, then 120 s, then 120 s for high) are what the alert waits at each tier.
public struct LifecycleSettings: Sendable, Hashable {
    public static let renotifyHigh = SettingSpec("renotify_high_s", 10, unit: "s", "Re-notify an unacknowledged high alert every")
    public static let renotifyMedium = SettingSpec("renotify_medium_s", 25, unit: "s", "Re-notify an unacknowledged medium alert every")
    public static let renotifyLow = SettingSpec("renotify_low_s", 30, unit: "s", "Re-notify an unacknowledged low alert every")
    public static let highTier2 = SettingSpec("escalate_high_tier2_s", 60, unit: "s", "High, unacknowledged: tier 2 (all carers on the floor) after")
    public static let highTier3 = SettingSpec("escalate_high_tier3_s", 180, unit: "s", "High, unacknowledged: tier 3 (shift lead / nurse) after")
    public static let highTier4 = SettingSpec("escalate_high_tier4_s", 300, unit: "s", "High, unacknowledged: tier 4 (external) after")
    public static let mediumTier2 = SettingSpec("escalate_medium_tier2_s", 300, unit: "s", "Medium, unacknowledged: tier 2 after")
    public static let mediumTier3 = SettingSpec("escalate_medium_tier3_s", 900, unit: "s", "Medium, unacknowledged: tier 3 after")
    public static let ackTimeoutHigh = SettingSpec("ack_timeout_high_s", 600, unit: "s", "High, acknowledged but not resolved: re-escalate after")
    public static let ackTimeoutMedium = SettingSpec("ack_timeout_medium_s", 0, unit: "s", "Medium, acknowledged but not resolved: re-escalate after (0 = never)")
    public static let staffPresent = SettingSpec("staff_present_s", 900, unit: "s", "A 'staff present' suppression expires after")
    public static let operatorSuppress = SettingSpec("operator_suppress_s", 900, unit: "s", "An operator's suppression of one alert lasts, unless given")

    public static let specs: [SettingSpec] = [
        renotifyHigh, renotifyMedium, renotifyLow, highTier2, highTier3, highTier4, mediumTier2, mediumTier3,
        ackTimeoutHigh, ackTimeoutMedium, staffPresent, operatorSuppress,
    ]

    private let values: [String: Double]

    init(site: [String: Double]) { values = site }

    private func millis(_ spec: SettingSpec) -> EpochMillis {
        EpochMillis(((values[spec.name] ?? spec.defaultValue) * 1000).rounded())
    }

    /// The re-notification interval for `severity`, or nil when disabled.
    public func renotifyInterval(_ severity: AlertSeverity) -> EpochMillis? {
        let value: EpochMillis
        switch severity {
        case .high: value = millis(Self.renotifyHigh)
        case .medium: value = millis(Self.renotifyMedium)
        case .low: value = millis(Self.renotifyLow)
        }
        return value > 0 ? value : nil
    }

    /// Cumulative offsets from activation at which tiers 2, 3, ... are reached. Low alerts do not
    /// escalate (a daily digest is out of the gateway's scope).
    public func ladder(_ severity: AlertSeverity) -> [EpochMillis] {
        let steps: [EpochMillis]
        switch severity {
        case .high: steps = [millis(Self.highTier2), millis(Self.highTier3), millis(Self.highTier4)]
        case .medium: steps = [millis(Self.mediumTier2), millis(Self.mediumTier3)]
        case .low: steps = []
        }
        // A disabled step ends the ladder there: later tiers cannot be reached without it.
        return Array(steps.prefix { $0 > 0 })
    }

    /// How long the alert waits at `tier` before the next one, or nil at the top of its ladder.
    public func escalationGap(_ severity: AlertSeverity, fromTier tier: Int) -> EpochMillis? {
        let ladder = ladder(severity)
        let index = tier - 1
        guard index >= 0, index < ladder.count else { return nil }
        return index == 0 ? ladder[0] : max(0, ladder[index] - ladder[index - 1])
    }

    /// How long an acknowledged alert may stay unresolved before it re-escalates, or nil.
    public func ackTimeout(_ severity: AlertSeverity) -> EpochMillis? {
        let value: EpochMillis
        switch severity {
        case .high: value = millis(Self.ackTimeoutHigh)
        case .medium: value = millis(Self.ackTimeoutMedium)
        case .low: value = 0
        }
        return value > 0 ? value : nil
    }

    /// Length of a "staff present" suppression.
    public var staffPresentDuration: EpochMillis { millis(Self.staffPresent) }
    /// Default length of an operator's suppression of a single alert.
    public var operatorSuppressDuration: EpochMillis { millis(Self.operatorSuppress) }
}
