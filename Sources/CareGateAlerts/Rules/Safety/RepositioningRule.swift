import CareGateCore

/// Pressure-injury prevention for a bed-bound resident with a repositioning plan: a reminder when
/// the plan's interval has passed since the last repositioning (medium), escalated half an hour
/// later. A rise of the bed's `turnovers` counter, a `reposition` event, or staff acknowledging or
/// resolving the reminder count as repositioning and restart the clock.
public struct RepositioningRule: AlertRule {
    public static let id = RuleID.repositioning
    public static let scope = RuleScope.subject

    public static let planHours = SettingSpec("plan_h", 2, unit: "h", "Plan interval when the resident's plan gives none")
    public static let escalateAfter = SettingSpec("escalate_after_s", 1800, unit: "s", "Escalate this long after the reminder")
    public static let settings = [planHours, escalateAfter]

    /// When the resident was last repositioned, and the reminder stage.
    public struct State: RuleStateValue {
        public var since: EpochMillis?
        public var turnovers: Double?
        /// 0 = on plan, 1 = reminded, 2 = escalated.
        public var stage = 0
        public var deviceId: String?
        public var due: EpochMillis?
        public init() {}
        public var nextDeadline: EpochMillis? { due }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        resident?.bedBound == true
            && (device.kind == .careBed || device.kind == .vitalsRadar || message.hasEvent("reposition")
                || message.number("turnovers") != nil)
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        let now = context.now
        var repositioned = false
        switch input {
        case .message(let message, let device):
            if state.deviceId == nil { state.deviceId = device.deviceId }
            if let count = message.number("turnovers") {
                if let previous = state.turnovers, count > previous { repositioned = true }
                state.turnovers = count
            }
            if message.hasEvent("reposition") { repositioned = true }
            if state.since == nil { state.since = now }
        case .staff:
            repositioned = true
        case .tick:
            break
        case .supervision:
            return []
        }
        var outputs: [RuleOutput] = []
        if repositioned {
            if state.stage > 0 { outputs.append(.clear(reason: "Resident repositioned")) }
            state.since = now
            state.stage = 0
        }
        guard let since = state.since else { return outputs }
        let plan = EpochMillis(((context.resident?.repositioningHours ?? context.settings[Self.planHours]) * 3_600_000).rounded())
        let escalateAt = since + plan + context.settings.millis(Self.escalateAfter)
        if state.stage == 0 && now >= since + plan {
            state.stage = 1
            outputs.append(trigger("Repositioning due (plan every \(formatted(Double(plan) / 3_600_000)) h)", .update, state, now))
        }
        if state.stage == 1 && now >= escalateAt {
            state.stage = 2
            outputs.append(trigger(
                "Repositioning overdue by \(formattedDuration(now - since - plan))", .escalate, state, now))
        }
        state.due = state.stage == 0 ? since + plan : state.stage == 1 ? escalateAt : nil
        return outputs
    }

    private func trigger(_ text: String, _ effect: RuleTrigger.Effect, _ state: State, _ now: EpochMillis) -> RuleOutput {
        .trigger(RuleTrigger(
            .medium, text, deviceId: state.deviceId ?? "", sourceTs: now,
            details: ["last_repositioned": .number(Double(state.since ?? now))], effect: effect))
    }
}
