import CareGateCore

/// An SOS press from a pendant or watch: high at once. Presses within 10 s of the previous one are
/// one call (pendants double-fire, residents press twice); a later press on the open alert
/// re-notifies, because a resident pressing again is calling again. Resolved by staff.
public struct SOSRule: AlertRule {
    public static let id = RuleID.sos
    public static let scope = RuleScope.subject

    public static let mergeWindow = SettingSpec("merge_s", 10, unit: "s", "Presses within this long of the last one merge")
    public static let settings = [mergeWindow]

    /// Presses on the open call.
    public struct State: RuleStateValue {
        public var lastPressAt: EpochMillis?
        public var presses = 0
        public init() {}
        public var nextDeadline: EpochMillis? { nil }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.hasEvent("sos")
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        switch input {
        case .message(let message, let device):
            let now = context.now
            var effect = RuleTrigger.Effect.update
            if context.openAlert != nil, let last = state.lastPressAt, now - last > context.settings.millis(Self.mergeWindow) {
                effect = .notify
            }
            if context.openAlert == nil { state = State() }
            state.presses += 1
            state.lastPressAt = now
            let text = state.presses == 1 ? "SOS call" : "SOS call, pressed \(state.presses) times"
            return [.trigger(RuleTrigger(
                .high, text, deviceId: device.deviceId, sourceTs: message.sourceTs,
                details: ["presses": .number(Double(state.presses))], effect: effect))]
        case .staff(.resolved):
            state = State()
            return []
        case .tick, .staff(.acknowledged), .supervision:
            return []
        }
    }
}
