import CareGateCore

/// What a lane knows about one subject besides its rule states: the registry records of its
/// devices and resident (timer-driven triggers need room and bed), shared volatile facts, and its
/// suppression windows.
final class SubjectContext {
    let subject: AlertSubject
    var resident: ResidentRecord?
    var devices: [String: DeviceRecord] = [:]
    var facts = SubjectFacts()
    var windows = SuppressionWindows()

    init(subject: AlertSubject) { self.subject = subject }
}

/// Everything one input changed, written through the store as one atomic commit.
struct CommitBatch {
    var transitions: [AlertTransition] = []
    var alerts: [AlertSnapshot] = []
    var ruleStates: [RuleStateRecord] = []

    var isEmpty: Bool { transitions.isEmpty && alerts.isEmpty && ruleStates.isEmpty }
}
