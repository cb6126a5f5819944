import CareGateCore

/// Core-equivalent body temperature: ≥ 38.1 °C medium, ≥ 39.1 °C high, at once (temperature moves
/// slowly and is measured sparsely, so a sustain period would only delay). Resolves below 37.8 °C,
/// a value hysteresis that keeps a reading wobbling around 38.1 from flapping. Skin temperature is
/// not core temperature and is ignored.
public struct TemperatureRule: AlertRule {
    public static let id = RuleID.temperature
    public static let scope = RuleScope.subject

    public static let mediumAtOrAbove = SettingSpec("medium_at_or_above", 38.1, unit: "°C", "Medium at or above")
    public static let highAtOrAbove = SettingSpec("high_at_or_above", 39.1, unit: "°C", "High at or above")
    public static let clearBelow = SettingSpec("clear_below", 37.8, unit: "°C", "Resolves below")
    public static let settings = [mediumAtOrAbove, highAtOrAbove, clearBelow]

    /// The severity triggered while the alert is open.
    public struct State: RuleStateValue {
        public var alerted: AlertSeverity?
        public init() {}
        public var nextDeadline: EpochMillis? { nil }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.number("body_temp") != nil
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        let s = context.settings
        switch input {
        case .message(let message, let device):
            guard let value = message.number("body_temp") else { return [] }
            let severity: AlertSeverity? =
                value >= s[Self.highAtOrAbove] ? .high : value >= s[Self.mediumAtOrAbove] ? .medium : nil
            if let severity, state.alerted.map({ severity > $0 }) ?? true {
                state.alerted = severity
                return [.trigger(RuleTrigger(
                    severity, "Body temperature \(formatted(value)) °C", deviceId: device.deviceId,
                    sourceTs: message.sourceTs, details: ["body_temp": .number(value)]))]
            }
            if state.alerted != nil, value < s[Self.clearBelow] {
                state = State()
                return [.clear(reason: "Body temperature \(formatted(value)) °C, back below \(formatted(s[Self.clearBelow])) °C")]
            }
            return []
        case .staff(.resolved):
            state = State()
            return []
        case .tick, .staff(.acknowledged), .supervision:
            return []
        }
    }
}
