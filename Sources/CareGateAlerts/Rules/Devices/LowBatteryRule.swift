import CareGateCore

/// A device's battery running down: watches and pendants at 20 % low and 10 % medium; a
/// wheelchair at 25 % or below 23.3 V (its controller's "battery low" at rest) medium. Resolves
/// once charged above a margin, so a battery hovering at the threshold does not flap.
public struct LowBatteryRule: AlertRule {
    public static let id = RuleID.lowBattery
    public static let scope = RuleScope.device

    public static let lowAt = SettingSpec("low_at", 20, unit: "%", "Low at or below", kindDefaults: [.wheelchair: 25])
    public static let mediumAt = SettingSpec("medium_at", 10, unit: "%", "Medium at or below", kindDefaults: [.wheelchair: 25])
    public static let clearAbove = SettingSpec("clear_above", 25, unit: "%", "Resolves above", kindDefaults: [.wheelchair: 30])
    public static let voltsBelow = SettingSpec("volts_below", 0, unit: "V", "Medium below this voltage (0 = off)", kindDefaults: [.wheelchair: 23.3])
    public static let clearVoltsAbove = SettingSpec("clear_volts_above", 0, unit: "V", "Voltage resolves above", kindDefaults: [.wheelchair: 24])
    public static let settings = [lowAt, mediumAt, clearAbove, voltsBelow, clearVoltsAbove]

    /// The severity triggered while the alert is open.
    public struct State: RuleStateValue {
        public var alerted: AlertSeverity?
        public init() {}
        public var nextDeadline: EpochMillis? { nil }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.number("battery") != nil || message.number("battery_v") != nil || message.hasEvent("low_battery")
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        switch input {
        case .message(let message, let device):
            let s = context.settings
            let percent = message.number("battery")
            let volts = message.number("battery_v")
            var severity: AlertSeverity?
            if let percent, percent <= s[Self.mediumAt] { severity = .medium }
            else if let volts, volts < s[Self.voltsBelow] { severity = .medium }
            else if let percent, percent <= s[Self.lowAt] { severity = .low }
            else if percent == nil, volts == nil, message.hasEvent("low_battery") { severity = .low }
            if let severity, state.alerted.map({ severity > $0 }) ?? true {
                state.alerted = severity
                let level = percent.map { "\(formatted($0)) %" } ?? volts.map { "\(formatted($0)) V" } ?? "reported low"
                return [.trigger(RuleTrigger(
                    severity, "Battery \(level)", deviceId: device.deviceId, sourceTs: message.sourceTs,
                    details: .facts(("battery", percent.map(MetricValue.number)), ("battery_v", volts.map(MetricValue.number)))))]
            }
            let percentOK = percent.map { $0 > s[Self.clearAbove] }
            let voltsOK = volts.map { $0 > s[Self.clearVoltsAbove] }
            if state.alerted != nil, severity == nil, percentOK ?? voltsOK ?? false, voltsOK ?? true {
                state = State()
                return [.clear(reason: "Battery charged")]
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
