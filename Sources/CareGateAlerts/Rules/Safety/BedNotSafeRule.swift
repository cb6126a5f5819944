import CareGateCore

/// A care bed left unsafe for a high-fall-risk resident (brake off, a rail down, or not at its
/// lowest) for more than 2 min: low. "No staff present" is the lifecycle's staff-present
/// suppression: while staff are in the room the alert waits suppressed, and it goes out if they
/// leave the bed unsafe. Resolves when the bed is safe again.
public struct BedNotSafeRule: AlertRule {
    public static let id = RuleID.bedNotSafe
    public static let scope = RuleScope.device

    public static let persistFor = SettingSpec("persist_s", 120, unit: "s", "Unsafe this long raises")
    public static let settings = [persistFor]

    /// The bed's last reported safety state.
    public struct State: RuleStateValue {
        public var brakeOn: Bool?
        public var railsUp: Bool?
        public var atLowest: Bool?
        public var unsafeSince: EpochMillis?
        public var alerted = false
        public var due: EpochMillis?
        public init() {}
        public var nextDeadline: EpochMillis? { due }

        var problems: [String] {
            var list: [String] = []
            if brakeOn == false { list.append("brake off") }
            if railsUp == false { list.append("rail down") }
            if atLowest == false { list.append("not at lowest height") }
            return list
        }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        resident?.fallRisk == .high
            && (message.hasAnyReading(["brake", "rails_up", "at_lowest"])
                || message.hasAnyEvent(["brake_released", "rail_down"]))
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        let now = context.now
        var deviceId = ""
        switch input {
        case .message(let message, let device):
            deviceId = device.deviceId
            if let value = message.flag("brake") { state.brakeOn = value }
            if let value = message.flag("rails_up") { state.railsUp = value }
            if let value = message.flag("at_lowest") { state.atLowest = value }
            if message.hasEvent("brake_released") { state.brakeOn = false }
            if message.hasEvent("rail_down") { state.railsUp = false }
        case .tick:
            break
        case .staff(.resolved):
            state.alerted = false
            if state.unsafeSince != nil { state.unsafeSince = now }
        case .staff(.acknowledged), .supervision:
            return []
        }
        let problems = state.problems
        if problems.isEmpty {
            let wasAlerted = state.alerted
            state.unsafeSince = nil
            state.alerted = false
            state.due = nil
            return wasAlerted ? [.clear(reason: "Bed safe again")] : []
        }
        if state.unsafeSince == nil { state.unsafeSince = now }
        guard !state.alerted, let since = state.unsafeSince else { state.due = nil; return [] }
        let after = context.settings.millis(Self.persistFor)
        guard now - since >= after else { state.due = since + after; return [] }
        state.alerted = true
        state.due = nil
        return [.trigger(RuleTrigger(
            .low, "Bed not safe for a high-fall-risk resident: " + problems.joined(separator: ", "),
            deviceId: deviceId, sourceTs: now, details: ["problems": .text(problems.joined(separator: ","))]))]
    }
}
