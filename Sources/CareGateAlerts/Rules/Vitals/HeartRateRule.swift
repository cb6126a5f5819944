import CareGateCore

/// Heart rate outside NEWS2's safe bands, sustained: below 41 or above 130 bpm for 60 s is high;
/// 41–50 or 111–130 bpm for 5 min is medium. Resolves itself after 2 min back in the normal band,
/// so a value hovering at a threshold cannot make the alert flap.
public struct HeartRateRule: AlertRule {
    public typealias State = SustainedGrade
    public static let id = RuleID.heartRate
    public static let scope = RuleScope.subject

    public static let highBelow = SettingSpec("high_below", 41, unit: "bpm", "High when below")
    public static let highAbove = SettingSpec("high_above", 130, unit: "bpm", "High when above")
    public static let mediumBelow = SettingSpec("medium_below", 51, unit: "bpm", "Medium when below (and not high)")
    public static let mediumAbove = SettingSpec("medium_above", 110, unit: "bpm", "Medium when above (and not high)")
    public static let highAfter = SettingSpec("high_after_s", 60, unit: "s", "High band sustained for")
    public static let mediumAfter = SettingSpec("medium_after_s", 300, unit: "s", "Medium band (or worse) sustained for")
    public static let clearAfter = SettingSpec("clear_after_s", 120, unit: "s", "Back in the normal band for this long resolves")
    public static let settings = [highBelow, highAbove, mediumBelow, mediumAbove, highAfter, mediumAfter, clearAfter]

    static let sign = VitalSign(metric: "heart_rate", label: "Heart rate", unit: "bpm")

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.number("heart_rate") != nil
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        let s = context.settings
        let durations = SustainedGrade.Durations(
            high: s.millis(Self.highAfter), medium: s.millis(Self.mediumAfter), clear: s.millis(Self.clearAfter))
        switch input {
        case .message(let message, let device):
            // 0 bpm is "no reading" from every source we know, never a measured value.
            guard let value = message.number("heart_rate"), value > 0, context.vitalsValid(message, device: device)
            else { return [] }
            let grade: SustainedGrade.Grade =
                value < s[Self.highBelow] || value > s[Self.highAbove] ? .high
                : value < s[Self.mediumBelow] || value > s[Self.mediumAbove] ? .medium : .normal
            state.observe(grade, value: value, deviceId: device.deviceId, now: context.now)
        case .tick:
            break
        case .staff(.resolved):
            state.restartAfterResolution(now: context.now, durations: durations)
            return []
        case .staff(.acknowledged), .supervision:
            return []
        }
        let outcome = state.evaluate(now: context.now, durations: durations)
        return Self.sign.outputs(outcome, state: state, durations: durations, context: context, thresholds: [
            "high_below": .number(s[Self.highBelow]), "high_above": .number(s[Self.highAbove]),
        ])
    }
}
