import CareGateCore

/// Leaving bed at night, by the resident's fall risk: high risk alerts at once (high severity);
/// standard risk if not back within 20 min, independent within 45 min (medium). Whether the exit
/// counts as "at night" is decided at the moment of the exit, in the resident's own night window
/// (default 22:00–06:00 site-local). Back in bed resolves the alert.
public struct BedExitRule: AlertRule {
    public static let id = RuleID.bedExit
    public static let scope = RuleScope.subject

    public static let highRiskDelay = SettingSpec("high_risk_delay_s", 0, unit: "s", "High fall risk: alert after")
    public static let standardReturn = SettingSpec("standard_return_s", 1200, unit: "s", "Standard fall risk: alert if not back within")
    public static let independentReturn = SettingSpec("independent_return_s", 2700, unit: "s", "Independent: alert if not back within")
    public static let settings = [highRiskDelay, standardReturn, independentReturn]

    /// The current time out of bed.
    public struct State: RuleStateValue {
        public var outSince: EpochMillis?
        public var deviceId: String?
        public var sourceTs: EpochMillis?
        /// When to alert, for an exit that happened at night.
        public var alertAt: EpochMillis?
        public var alerted = false
        public init() {}
        public var nextDeadline: EpochMillis? { alerted ? nil : alertAt }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.flag("in_bed") != nil || message.hasAnyEvent(["bed_exit", "bed_enter"])
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        switch input {
        case .message(let message, let device):
            let out = message.hasEvent("bed_exit") || message.flag("in_bed") == false
            let back = message.hasEvent("bed_enter") || message.flag("in_bed") == true
            if back {
                let wasAlerted = state.alerted
                state = State()
                return wasAlerted ? [.clear(reason: "Resident back in bed")] : []
            }
            guard out, state.outSince == nil else { return [] }
            state.outSince = context.now
            state.deviceId = device.deviceId
            state.sourceTs = message.sourceTs
            if context.isNight() { state.alertAt = context.now + delay(context) }
        case .tick:
            break
        case .staff(.resolved):
            // Staff saw to it; the next exit is a new one.
            state.alertAt = nil
            state.alerted = false
            return []
        case .staff(.acknowledged), .supervision:
            return []
        }
        guard !state.alerted, let at = state.alertAt, at <= context.now, let since = state.outSince else { return [] }
        state.alerted = true
        let risk = context.resident?.fallRisk ?? .standard
        let severity: AlertSeverity = risk == .high ? .high : .medium
        let text = risk == .high
            ? "Out of bed at night (high fall risk)"
            : "Not back in bed after \(formattedDuration(context.now - since)) at night"
        return [.trigger(RuleTrigger(
            severity, text, deviceId: state.deviceId ?? "", sourceTs: state.sourceTs ?? context.now,
            details: ["fall_risk": .text(risk.rawValue), "out_since": .number(Double(since))]))]
    }

    private func delay(_ context: RuleContext) -> EpochMillis {
        switch context.resident?.fallRisk ?? .standard {
        case .high: context.settings.millis(Self.highRiskDelay)
        case .standard: context.settings.millis(Self.standardReturn)
        case .independent: context.settings.millis(Self.independentReturn)
        }
    }
}
