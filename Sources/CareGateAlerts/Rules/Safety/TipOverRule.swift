import CareGateCore

/// A wheelchair tipping over with its user: high at once on a `tip_over` event, or when the chair
/// has been tilted beyond 30° for 2 s while occupied. An unknown occupancy counts as occupied:
/// missing a tipped user costs more than a false alarm on an empty chair. Resolved by staff.
public struct TipOverRule: AlertRule {
    public static let id = RuleID.tipOver
    public static let scope = RuleScope.subject

    public static let tiltAbove = SettingSpec("tilt_above_deg", 30, unit: "°", "Tilt beyond this counts")
    public static let tiltFor = SettingSpec("tilt_for_s", 2, unit: "s", "Tilted this long raises")
    public static let settings = [tiltAbove, tiltFor]

    /// The current tilted stretch.
    public struct State: RuleStateValue {
        public var tiltedSince: EpochMillis?
        public var tilt: Double?
        public var deviceId: String?
        public var alerted = false
        public var due: EpochMillis?
        public init() {}
        public var nextDeadline: EpochMillis? { due }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.hasEvent("tip_over") || message.number("tilt") != nil
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        let s = context.settings
        switch input {
        case .message(let message, let device):
            if message.hasEvent("tip_over") {
                state.alerted = true
                state.due = nil
                return [.trigger(RuleTrigger(.high, "Wheelchair tipped over", deviceId: device.deviceId, sourceTs: message.sourceTs))]
            }
            guard let tilt = message.number("tilt") else { return [] }
            let occupied = message.flag("occupied") ?? message.number("load").map { $0 > 0 } ?? true
            if abs(tilt) > s[Self.tiltAbove] && occupied {
                if state.tiltedSince == nil {
                    state.tiltedSince = context.now
                    state.tilt = tilt
                    state.deviceId = device.deviceId
                }
            } else {
                state.tiltedSince = nil
                state.tilt = nil
            }
        case .tick:
            break
        case .staff(.resolved):
            state = State()
            return []
        case .staff(.acknowledged), .supervision:
            return []
        }
        state.due = nil
        guard !state.alerted, let since = state.tiltedSince else {
            if !state.alerted && state.tiltedSince == nil { state = State() }
            return []
        }
        guard context.now - since >= s.millis(Self.tiltFor) else {
            state.due = since + s.millis(Self.tiltFor)
            return []
        }
        state.alerted = true
        let tilt = state.tilt ?? 0
        return [.trigger(RuleTrigger(
            .high, "Wheelchair tilted \(formatted(abs(tilt)))° with its user", deviceId: state.deviceId ?? "",
            sourceTs: context.now, details: ["tilt": .number(tilt)]))]
    }
}
