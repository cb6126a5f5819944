import CareGateCore

/// Oxygen saturation: at or below 88 % for 15 s is high, 89–91 % for 60 s is medium. The 88 % limit
/// and the 15 s delay are the two measures that cut nuisance SpO2 alarms by about 60 % each in the
/// studies cited in domain.md §2.4.
public struct SpO2Rule: AlertRule {
    public typealias State = SustainedGrade
    public static let id = RuleID.spo2
    public static let scope = RuleScope.subject

    public static let highAtOrBelow = SettingSpec("high_at_or_below", 88, unit: "%", "High when at or below")
    public static let mediumAtOrBelow = SettingSpec("medium_at_or_below", 91, unit: "%", "Medium when at or below (and not high)")
    public static let highAfter = SettingSpec("high_after_s", 15, unit: "s", "High band sustained for")
    public static let mediumAfter = SettingSpec("medium_after_s", 60, unit: "s", "Medium band (or worse) sustained for")
    public static let clearAfter = SettingSpec("clear_after_s", 120, unit: "s", "Back in the normal band for this long resolves")
    public static let settings = [highAtOrBelow, mediumAtOrBelow, highAfter, mediumAfter, clearAfter]

    static let sign = VitalSign(metric: "spo2", label: "SpO2", unit: "%")

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.number("spo2") != nil
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        let s = context.settings
        let durations = SustainedGrade.Durations(
            high: s.millis(Self.highAfter), medium: s.millis(Self.mediumAfter), clear: s.millis(Self.clearAfter))
        switch input {
        case .message(let message, let device):
            guard let value = message.number("spo2"), value > 0, context.vitalsValid(message, device: device)
            else { return [] }
            let grade: SustainedGrade.Grade =
                value <= s[Self.highAtOrBelow] ? .high : value <= s[Self.mediumAtOrBelow] ? .medium : .normal
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
            "high_at_or_below": .number(s[Self.highAtOrBelow]), "medium_at_or_below": .number(s[Self.mediumAtOrBelow]),
        ])
    }
}
