import CareGateCore

/// A fall, in two stages as the research recommends (domain.md §2.1): any report raises a high
/// alert at once; if nobody sees the resident recover within 60 s the fall is confirmed (a
/// re-notification with the new sentence); if the resident is still down 15 min after the first
/// report the alert re-escalates as a long-lie risk.
///
/// Sources: `fall_suspected` / `fall` events from radars, watches and pendants, a radar's
/// `fall_state` metric (suspected | fall), and `posture` = fallen. Recovery is `fall_cancelled`,
/// `fall_state` = none, an upright posture, or the resident back in bed.
///
/// Recovery before confirmation: a *suspected* fall is resolved automatically (the device itself
/// withdrew it within its cancel window). A *reported* fall is never auto-resolved: the resident
/// getting up does not mean they are unhurt, so the alert stays for staff, with `recovered` in its
/// details and no confirmation or long-lie timers.
///
/// Correlation: reports from a second device within 60 s of the first are the same incident and
/// merge silently (both devices listed); a report from another device later re-notifies.
public struct FallRule: AlertRule {
    public static let id = RuleID.fall
    public static let scope = RuleScope.subject

    public static let confirmAfter = SettingSpec("confirm_after_s", 60, unit: "s", "Still down this long confirms the fall")
    public static let longLieAfter = SettingSpec("long_lie_after_s", 900, unit: "s", "Still down this long re-escalates as long-lie risk")
    public static let correlationWindow = SettingSpec("correlation_s", 60, unit: "s", "Reports from other devices within this window are one incident")
    public static let settings = [confirmAfter, longLieAfter, correlationWindow]

    /// How sure the incident is.
    public enum Phase: String, Sendable, Codable {
        case suspected
        case reported
        case confirmed
    }

    /// The open incident.
    public struct State: RuleStateValue {
        public var phase: Phase?
        public var startedAt: EpochMillis?
        public var devices: [String] = []
        public var recovered = false
        public var confirmAt: EpochMillis?
        public var longLieAt: EpochMillis?
        public init() {}
        public var nextDeadline: EpochMillis? { [confirmAt, longLieAt].compactMap { $0 }.min() }
    }

    enum Signal {
        case suspected
        case reported
        case recovered
    }

    public init() {}

    static let events: Set<String> = ["fall_suspected", "fall", "fall_confirmed", "fall_cancelled"]
    static let metrics: Set<String> = ["fall_state", "posture", "in_bed"]

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.hasAnyEvent(Self.events) || message.hasAnyReading(Self.metrics)
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        switch input {
        case .message(let message, let device):
            guard let signal = signal(in: message) else { return [] }
            switch signal {
            case .recovered: return recover(&state, message: message, device: device)
            case .suspected, .reported: return report(signal, &state, message: message, device: device, context: context)
            }
        case .tick:
            return tick(&state, context: context)
        case .staff(.resolved):
            state = State()
            return []
        case .staff(.acknowledged), .supervision:
            return []
        }
    }

    private func signal(in message: DeviceMessage) -> Signal? {
        if message.hasEvent("fall") || message.hasEvent("fall_confirmed") { return .reported }
        if message.hasEvent("fall_suspected") { return .suspected }
        if message.hasEvent("fall_cancelled") { return .recovered }
        switch message.text("fall_state") {
        case "fall": return .reported
        case "suspected": return .suspected
        case "none": return .recovered
        default: break
        }
        switch message.text("posture") {
        case "fallen": return .reported
        case "standing", "sitting": return .recovered
        default: break
        }
        if message.flag("in_bed") == true { return .recovered }
        return nil
    }

    private func report(
        _ signal: Signal, _ state: inout State, message: DeviceMessage, device: DeviceRecord, context: RuleContext
    ) -> [RuleOutput] {
        let s = context.settings
        let now = context.now
        let phase: Phase = signal == .suspected ? .suspected : .reported
        guard let startedAt = state.startedAt, let current = state.phase else {
            state = State()
            state.phase = phase
            state.startedAt = now
            state.devices = [device.deviceId]
            state.confirmAt = now + s.millis(Self.confirmAfter)
            state.longLieAt = now + s.millis(Self.longLieAfter)
            let text = phase == .suspected ? "Suspected fall" : "Fall detected"
            return [.trigger(trigger(text, state, message: message, device: device, effect: .update))]
        }
        var effect: RuleTrigger.Effect?
        var text = current == .confirmed ? "Fall confirmed" : current == .reported ? "Fall detected" : "Suspected fall"
        if !state.devices.contains(device.deviceId) {
            state.devices.append(device.deviceId)
            let sameIncident = now - startedAt <= s.millis(Self.correlationWindow)
            effect = sameIncident ? .update : .notify
            if !sameIncident { text += ", reported again by \(device.kind)" }
        }
        if phase == .reported && current == .suspected {
            state.phase = .reported
            text = "Fall detected"
            effect = .notify
        }
        if state.recovered {
            // Down again after getting up: watch for a long lie from here.
            state.recovered = false
            state.longLieAt = now + s.millis(Self.longLieAfter)
            text = "Resident down again after a fall"
            effect = .notify
        }
        guard let effect else { return [] }
        return [.trigger(trigger(text, state, message: message, device: device, effect: effect))]
    }

    private func recover(_ state: inout State, message: DeviceMessage, device: DeviceRecord) -> [RuleOutput] {
        guard let phase = state.phase, !state.recovered else { return [] }
        if phase == .suspected {
            state = State()
            return [.clear(reason: "Suspected fall withdrawn: resident recovered before confirmation")]
        }
        state.recovered = true
        state.confirmAt = nil
        state.longLieAt = nil
        return [.trigger(RuleTrigger(
            .high, "Fall detected; resident up again, check on them", deviceId: device.deviceId, sourceTs: message.sourceTs,
            details: ["recovered": .bool(true)], effect: .update))]
    }

    private func tick(_ state: inout State, context: RuleContext) -> [RuleOutput] {
        let now = context.now
        guard state.phase != nil, !state.recovered else { return [] }
        var outputs: [RuleOutput] = []
        let device = state.devices.first ?? ""
        if let at = state.confirmAt, at <= now {
            state.confirmAt = nil
            state.phase = .confirmed
            outputs.append(.trigger(RuleTrigger(
                .high, "Fall confirmed: still down after \(formattedDuration(context.settings.millis(Self.confirmAfter)))",
                deviceId: device, sourceTs: now, details: ["confirmed": .bool(true)], effect: .notify)))
        }
        if let at = state.longLieAt, at <= now {
            state.longLieAt = nil
            let down = now - (state.startedAt ?? now)
            outputs.append(.trigger(RuleTrigger(
                .high, "Long-lie risk: resident down for \(formattedDuration(down))", deviceId: device, sourceTs: now,
                details: ["long_lie": .bool(true)], effect: .escalate)))
        }
        return outputs
    }

    private func trigger(
        _ text: String, _ state: State, message: DeviceMessage, device: DeviceRecord, effect: RuleTrigger.Effect
    ) -> RuleTrigger {
        RuleTrigger(
            .high, text, deviceId: device.deviceId, sourceTs: message.sourceTs,
            details: [
                "phase": .text(state.phase?.rawValue ?? ""), "devices": .text(state.devices.joined(separator: ",")),
                "device_count": .number(Double(state.devices.count)),
            ], effect: effect)
    }
}
