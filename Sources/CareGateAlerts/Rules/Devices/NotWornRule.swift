import CareGateCore

/// A wearable taken off for more than 30 min while the resident is awake (outside the night
/// window): low. Only awake time counts: a watch taken off at 21:45 to charge is not an alert at
/// 22:15, but if it is still off at 06:30 it is. Putting it back on resolves the alert.
public struct NotWornRule: AlertRule {
    public static let id = RuleID.notWorn
    public static let scope = RuleScope.device

    public static let after = SettingSpec("after_s", 1800, unit: "s", "Off this long while awake raises")
    public static let settings = [after]

    /// Since when the device has been off.
    public struct State: RuleStateValue {
        public var offSince: EpochMillis?
        public var alerted = false
        public var due: EpochMillis?
        public init() {}
        public var nextDeadline: EpochMillis? { due }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.flag("worn") != nil || message.hasEvent("removed")
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        var deviceId = ""
        switch input {
        case .message(let message, let device):
            deviceId = device.deviceId
            if message.flag("worn") == true {
                let wasAlerted = state.alerted
                state = State()
                return wasAlerted ? [.clear(reason: "Worn again")] : []
            }
            if state.offSince == nil { state.offSince = context.now }
        case .tick:
            break
        case .staff(.resolved):
            state.alerted = false
            state.offSince = context.now
        case .staff(.acknowledged), .supervision:
            return []
        }
        guard !state.alerted, let since = state.offSince else { return [] }
        let due = awakeDeadline(from: since, context)
        guard context.now >= due else { state.due = due; return [] }
        state.alerted = true
        state.due = nil
        return [.trigger(RuleTrigger(
            .low, "Wearable not worn for \(formattedDuration(context.now - since))", deviceId: deviceId,
            sourceTs: context.now, details: ["off_since": .number(Double(since))]))]
    }

    /// The first instant at which the device has been off for `after_s` of continuous awake time.
    private func awakeDeadline(from since: EpochMillis, _ context: RuleContext) -> EpochMillis {
        let length = context.settings.millis(Self.after)
        var start = since
        // Two nights at most can intervene in any sensible setting; the loop is bounded anyway.
        for _ in 0..<3 {
            if context.isNight(start) { start = context.nightEnd(after: start) }
            let due = start + length
            let nightStart = context.nightStart(after: start)
            if due <= nightStart { return due }
            start = nightStart
        }
        return start + length
    }
}
