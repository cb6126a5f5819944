import CareGateCore

/// Counters the engine reports, for the lead to connect to swift-metrics (the engine itself
/// imports no metrics library). Label values are bounded: rule ids, severities, transition kinds.
public enum AlertEngineEvent: Sendable, Equatable {
    /// A transition became durable and went to the sink.
    case transition(rule: RuleID, severity: AlertSeverity, kind: AlertTransitionKind)
    /// A telemetry message was merged into a queued one because its device exceeded its budget.
    case coalesced(lane: Int)
    /// A message whose trigger key had already been acted on was ignored.
    case duplicateIgnored
    /// An input was refused: the lane's inbox was full, or the engine is shutting down.
    case rejected(SubmitOutcome)
    /// The store failed; the transition still went to the sink (a fall must reach a carer even
    /// when the disk is gone) but is not durable.
    case storeFailed(String)
}

/// A callback for `AlertEngineEvent`s; called on lanes and on the submitting thread, so it must be cheap.
public typealias AlertEngineObserver = @Sendable (AlertEngineEvent) -> Void
