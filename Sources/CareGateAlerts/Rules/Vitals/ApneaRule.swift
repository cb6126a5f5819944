import CareGateCore

/// No breathing while in bed for 20 s: high. Sources are a respiration rate of 0 from a bed or
/// bedside sensor, or a device's own `apnea` event (whose `duration_s`, when given, counts toward
/// the 20 s). Resolves after breathing has been seen for 30 s, or at once when the resident is
/// out of bed (a 0 rate from an empty bed is not apnea).
public struct ApneaRule: AlertRule {
    public static let id = RuleID.apnea
    public static let scope = RuleScope.subject

    public static let after = SettingSpec("after_s", 20, unit: "s", "No breathing for this long raises")
    public static let clearAfter = SettingSpec("clear_after_s", 30, unit: "s", "Breathing seen for this long resolves")
    public static let settings = [after, clearAfter]

    /// The current episode and, once alerted, when breathing resumed.
    public struct State: RuleStateValue {
        public var episodeSince: EpochMillis?
        public var breathingSince: EpochMillis?
        public var alerted = false
        public var deviceId: String?
        public var due: EpochMillis?
        public init() {}
        public var nextDeadline: EpochMillis? { due }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.number("resp_rate") != nil || message.hasEvent("apnea") || message.flag("in_bed") != nil
            || message.hasAnyEvent(["bed_exit"])
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        let now = context.now
        let s = context.settings
        switch input {
        case .message(let message, let device):
            if context.facts.inBed == false || message.flag("presence") == false {
                let wasAlerted = state.alerted
                state = State()
                return wasAlerted ? [.clear(reason: "Resident out of bed")] : []
            }
            if let event = message.event("apnea") {
                let lasted = event.data["duration_s"]?.number.map { EpochMillis($0 * 1000) } ?? 0
                state.episodeSince = min(state.episodeSince ?? now, now - lasted)
                state.breathingSince = nil
                state.deviceId = device.deviceId
            } else if let rate = message.number("resp_rate") {
                if rate == 0 {
                    if state.episodeSince == nil { state.episodeSince = now; state.deviceId = device.deviceId }
                    state.breathingSince = nil
                } else {
                    state.episodeSince = nil
                    if state.alerted, state.breathingSince == nil { state.breathingSince = now }
                    if !state.alerted { state = State() }
                }
            }
        case .tick:
            break
        case .staff(.resolved):
            state = State()
            return []
        case .staff(.acknowledged), .supervision:
            return []
        }
        var outputs: [RuleOutput] = []
        if !state.alerted, let since = state.episodeSince, now - since >= s.millis(Self.after) {
            state.alerted = true
            outputs.append(.trigger(RuleTrigger(
                .high, "No breathing detected for \(formattedDuration(now - since))", deviceId: state.deviceId ?? "",
                sourceTs: now, details: ["apnea_s": .number(Double(now - since) / 1000)])))
        } else if state.alerted, let since = state.breathingSince, now - since >= s.millis(Self.clearAfter) {
            state = State()
            outputs.append(.clear(reason: "Breathing again for \(formattedDuration(s.millis(Self.clearAfter)))"))
        }
        if !state.alerted, let since = state.episodeSince {
            state.due = since + s.millis(Self.after)
        } else if state.alerted, let since = state.breathingSince {
            state.due = since + s.millis(Self.clearAfter)
        } else {
            state.due = nil
        }
        return outputs
    }
}
