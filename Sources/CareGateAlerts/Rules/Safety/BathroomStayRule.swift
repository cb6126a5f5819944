import CareGateCore

/// Someone present in a bathroom without moving: after 10 min medium, after 20 min high, and
/// high already after 15 min at night. Applies to devices whose registry zone is `bathroom`.
/// Movement or leaving the room resolves it.
public struct BathroomStayRule: AlertRule {
    public static let id = RuleID.bathroomStay
    public static let scope = RuleScope.subject

    public static let mediumAfter = SettingSpec("medium_after_s", 600, unit: "s", "Still this long: medium")
    public static let highAfter = SettingSpec("high_after_s", 1200, unit: "s", "Still this long: high")
    public static let nightHighAfter = SettingSpec("night_high_after_s", 900, unit: "s", "At night, still this long: high")
    public static let settings = [mediumAfter, highAfter, nightHighAfter]

    /// Presence and motion as last reported, and the current still stretch.
    public struct State: RuleStateValue {
        public var present = false
        public var moving = false
        public var stillSince: EpochMillis?
        public var deviceId: String?
        public var alerted: AlertSeverity?
        public var due: EpochMillis?
        public init() {}
        public var nextDeadline: EpochMillis? { due }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        device.zone == "bathroom" && (message.flag("presence") != nil || message.text("motion") != nil)
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        let now = context.now
        switch input {
        case .message(let message, let device):
            if let present = message.flag("presence") { state.present = present }
            if let motion = message.text("motion") { state.moving = motion == "active" }
            if state.present && !state.moving {
                if state.stillSince == nil { state.stillSince = now; state.deviceId = device.deviceId }
            } else {
                let wasAlerted = state.alerted != nil
                state = State()
                if let present = message.flag("presence") { state.present = present }
                if let motion = message.text("motion") { state.moving = motion == "active" }
                if wasAlerted {
                    return [.clear(reason: state.present ? "Movement in the bathroom" : "Bathroom empty")]
                }
                return []
            }
        case .tick:
            break
        case .staff(.resolved):
            // Attended: a new stretch starts now.
            state.alerted = nil
            if state.stillSince != nil { state.stillSince = now }
        case .staff(.acknowledged), .supervision:
            return []
        }
        guard let since = state.stillSince else { state.due = nil; return [] }
        let s = context.settings
        let elapsed = now - since
        var severity: AlertSeverity?
        if elapsed >= s.millis(Self.highAfter) || (context.isNight() && elapsed >= s.millis(Self.nightHighAfter)) {
            severity = .high
        } else if elapsed >= s.millis(Self.mediumAfter) {
            severity = .medium
        }
        // Deadlines still ahead; the night one is only a moment to look again.
        state.due = [s.millis(Self.mediumAfter), s.millis(Self.nightHighAfter), s.millis(Self.highAfter)]
            .map { since + $0 }.filter { $0 > now }.min()
        if state.alerted == .high { state.due = nil }
        guard let severity, state.alerted.map({ severity > $0 }) ?? true else { return [] }
        state.alerted = severity
        return [.trigger(RuleTrigger(
            severity, "In the bathroom without moving for \(formattedDuration(elapsed))",
            deviceId: state.deviceId ?? "", sourceTs: now, details: ["still_s": .number(Double(elapsed) / 1000)]))]
    }
}
