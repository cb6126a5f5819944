import CareGateCore

/// Type-erased access to one rule's states in a lane.
protocol RuleTableProtocol: AnyObject {
    var id: RuleID { get }
    var scope: RuleScope { get }
    func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool
    func handle(_ input: RuleInput, key: AlertKey, kind: DeviceKind?, core: LaneCore, batch: inout CommitBatch)
    func restore(_ state: any RuleStateValue, key: AlertKey, now: EpochMillis) -> EpochMillis?
    func state(for key: AlertKey) -> (any RuleStateValue)?
}

/// The states of one rule for every subject of a lane, kept typed so that evaluating a message
/// costs no boxing; a state is boxed only when it must be persisted.
final class RuleTable<R: AlertRule>: RuleTableProtocol {
    let rule: R
    private var states: [AlertKey: R.State] = [:]

    init(_ rule: R) { self.rule = rule }

    var id: RuleID { R.id }
    var scope: RuleScope { R.scope }

    func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        rule.wants(message, device: device, resident: resident)
    }

    func handle(_ input: RuleInput, key: AlertKey, kind: DeviceKind?, core: LaneCore, batch: inout CommitBatch) {
        let old = states[key] ?? R.State()
        var state = old
        let outputs = rule.handle(input, state: &state, context: core.ruleContext(key: key, kind: kind))
        let idle = state == R.State()
        states[key] = idle ? nil : state
        if state.needsPersisting(comparedTo: old) {
            batch.ruleStates.append(RuleStateRecord(key: key, state: idle ? nil : AnyRuleState(rule: R.id, value: state)))
        }
        if state.nextDeadline != old.nextDeadline {
            core.deadlines.schedule(.rule(key), at: state.nextDeadline)
        }
        for output in outputs {
            core.apply(output, key: key, batch: &batch)
        }
    }

    func restore(_ state: any RuleStateValue, key: AlertKey, now: EpochMillis) -> EpochMillis? {
        guard let typed = state as? R.State else { return nil }
        let resumed = typed.resumed(at: now)
        states[key] = resumed
        return resumed.nextDeadline
    }

    func state(for key: AlertKey) -> (any RuleStateValue)? { states[key] }
}
