import CareGateCore

/// Supervision of silent safety-critical devices: no message for 2 min (or 1.5 × the device's
/// keep-alive, whichever is longer) is medium; 15 min is high, "manual rounds required". Call
/// buttons report a supervisory frame once a day, so their defaults are 24 h and 24 h 15 min.
///
/// An `offline` availability (the device's last will, sent by the broker after it already waited
/// 1.5 × keep-alive) is trusted sooner: medium after a 30 s grace that absorbs a quick reboot.
/// Any message from the device resolves the alert.
///
/// The last-seen time changes with every message, so it is kept in memory only; after a restart
/// every device gets a fresh grace period from the restart (the gateway cannot know what it
/// missed while it was down).
public struct DeviceOfflineRule: AlertRule {
    public static let id = RuleID.deviceOffline
    public static let scope = RuleScope.device

    public static let mediumAfter = SettingSpec(
        "medium_after_s", 120, unit: "s", "Silent this long: medium", kindDefaults: [.callButton: 86_400])
    public static let highAfter = SettingSpec(
        "high_after_s", 900, unit: "s", "Silent this long: high (manual rounds)", kindDefaults: [.callButton: 87_300])
    public static let keepAliveFactor = SettingSpec("keepalive_factor", 1.5, unit: "×", "Medium threshold is at least this × keep-alive")
    public static let availabilityGrace = SettingSpec("availability_grace_s", 30, unit: "s", "After an `offline` last will, medium after")
    public static let settings = [mediumAfter, highAfter, keepAliveFactor, availabilityGrace]

    /// Supervision of one device.
    public struct State: RuleStateValue {
        public var supervised = false
        public var keepAlive: Double?
        public var lastSeen: EpochMillis = 0
        public var offlineSince: EpochMillis?
        public var alerted: AlertSeverity?
        public var due: EpochMillis?
        public init() {}
        public var nextDeadline: EpochMillis? { due }

        public func needsPersisting(comparedTo old: State) -> Bool {
            var a = self, b = old
            a.lastSeen = 0; b.lastSeen = 0
            a.due = nil; b.due = nil
            return a != b
        }

        public func resumed(at now: EpochMillis) -> State {
            var state = self
            state.lastSeen = max(lastSeen, now)
            return state
        }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool { true }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        let now = context.now
        var deviceId = ""
        switch input {
        case .supervision(let supervision):
            guard let supervision, supervision.safetyCritical else {
                let wasAlerted = state.alerted != nil
                state = State()
                return wasAlerted ? [.clear(reason: "Device no longer supervised")] : []
            }
            if !state.supervised { state.lastSeen = max(state.lastSeen, supervision.lastSeen ?? now, now) }
            state.supervised = true
            state.keepAlive = supervision.keepAliveSeconds
            deviceId = supervision.deviceId
        case .message(let message, let device):
            guard state.supervised else { return [] }
            deviceId = device.deviceId
            if message.role == .availability && message.online == false {
                if state.offlineSince == nil { state.offlineSince = now }
            } else {
                state.lastSeen = now
                state.offlineSince = nil
                if state.alerted != nil {
                    state.alerted = nil
                    reschedule(&state, context)
                    return [.clear(reason: "Device reporting again")]
                }
            }
        case .tick:
            break
        case .staff(.resolved):
            // Staff took note; a new alert needs a new silence from now.
            state.alerted = nil
            state.lastSeen = now
            state.offlineSince = nil
        case .staff(.acknowledged):
            return []
        }
        guard state.supervised else { return [] }
        let (medium, high) = thresholds(state, context)
        let silent = now - state.lastSeen
        var severity: AlertSeverity?
        if silent >= high {
            severity = .high
        } else if silent >= medium || (state.offlineSince.map { now - $0 >= context.settings.millis(Self.availabilityGrace) } ?? false) {
            severity = .medium
        }
        reschedule(&state, context)
        guard let severity, state.alerted.map({ severity > $0 }) ?? true else { return [] }
        state.alerted = severity
        reschedule(&state, context)
        let text = severity == .high
            ? "Device silent for \(formattedDuration(silent)): manual rounds required"
            : state.offlineSince != nil && silent < medium ? "Device reported offline" : "Device silent for \(formattedDuration(silent))"
        return [.trigger(RuleTrigger(
            severity, text, deviceId: deviceId, sourceTs: now,
            details: ["last_seen": .number(Double(state.lastSeen)), "silent_s": .number(Double(silent / 1000))]))]
    }

    private func thresholds(_ state: State, _ context: RuleContext) -> (medium: EpochMillis, high: EpochMillis) {
        let s = context.settings
        let keepAlive = EpochMillis(((state.keepAlive ?? 0) * s[Self.keepAliveFactor] * 1000).rounded())
        let medium = max(s.millis(Self.mediumAfter), keepAlive)
        let high = max(s.millis(Self.highAfter), medium + s.millis(Self.highAfter) - s.millis(Self.mediumAfter))
        return (medium, high)
    }

    private func reschedule(_ state: inout State, _ context: RuleContext) {
        let (medium, high) = thresholds(state, context)
        var candidates: [EpochMillis] = []
        if state.alerted == nil {
            candidates.append(state.lastSeen + medium)
            if let since = state.offlineSince { candidates.append(since + context.settings.millis(Self.availabilityGrace)) }
        }
        if state.alerted != .high { candidates.append(state.lastSeen + high) }
        state.due = candidates.filter { $0 > context.now }.min() ?? candidates.min()
        if state.alerted == .high { state.due = nil }
    }
}
