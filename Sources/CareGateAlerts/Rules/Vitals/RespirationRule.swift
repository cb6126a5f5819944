import CareGateCore

/// Respiration rate at or below 8 or at or above 25 breaths/min for 60 s: high (NEWS2 score 3).
/// A rate of 0 is left to the apnea rule, which reacts in 20 s; here it would only duplicate it.
public struct RespirationRule: AlertRule {
    public typealias State = SustainedGrade
    public static let id = RuleID.respiration
    public static let scope = RuleScope.subject

    public static let highAtOrBelow = SettingSpec("high_at_or_below", 8, unit: "/min", "High when at or below")
    public static let highAtOrAbove = SettingSpec("high_at_or_above", 25, unit: "/min", "High when at or above")
    public static let highAfter = SettingSpec("high_after_s", 60, unit: "s", "Sustained for")
    public static let clearAfter = SettingSpec("clear_after_s", 120, unit: "s", "Back in the normal band for this long resolves")
    public static let settings = [highAtOrBelow, highAtOrAbove, highAfter, clearAfter]

    static let sign = VitalSign(metric: "resp_rate", label: "Respiration rate", unit: "/min")

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.number("resp_rate") != nil
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        let s = context.settings
        let durations = SustainedGrade.Durations(high: s.millis(Self.highAfter), medium: nil, clear: s.millis(Self.clearAfter))
        switch input {
        case .message(let message, let device):
            guard let value = message.number("resp_rate"), value > 0, context.vitalsValid(message, device: device)
            else { return [] }
            let high = value <= s[Self.highAtOrBelow] || value >= s[Self.highAtOrAbove]
            state.observe(high ? .high : .normal, value: value, deviceId: device.deviceId, now: context.now)
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
            "high_at_or_below": .number(s[Self.highAtOrBelow]), "high_at_or_above": .number(s[Self.highAtOrAbove]),
        ])
    }
}
