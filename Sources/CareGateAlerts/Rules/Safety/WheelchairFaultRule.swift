import CareGateCore

/// A wheelchair's `collision` or `motor_fault`: medium at once, one alert per chair; repeats update
/// it with a count. Resolved by staff (someone has to look at the chair).
public struct WheelchairFaultRule: AlertRule {
    public static let id = RuleID.wheelchairFault
    public static let scope = RuleScope.device
    public static let settings: [SettingSpec] = []

    static let events: Set<String> = ["collision", "motor_fault"]

    /// Faults reported on the open alert.
    public struct State: RuleStateValue {
        public var count = 0
        public init() {}
        public var nextDeadline: EpochMillis? { nil }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.hasAnyEvent(Self.events)
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        switch input {
        case .message(let message, let device):
            guard let event = message.events.first(where: { Self.events.contains($0.type) }) else { return [] }
            if context.openAlert == nil { state = State() }
            state.count += 1
            let what = event.type == "collision" ? "Wheelchair collision" : "Wheelchair motor fault"
            return [.trigger(RuleTrigger(
                .medium, state.count == 1 ? what : "\(what) (\(state.count) reports)", deviceId: device.deviceId,
                sourceTs: message.sourceTs, details: ["fault": .text(event.type), "reports": .number(Double(state.count))]))]
        case .staff(.resolved):
            state = State()
            return []
        case .tick, .staff(.acknowledged), .supervision:
            return []
        }
    }
}
