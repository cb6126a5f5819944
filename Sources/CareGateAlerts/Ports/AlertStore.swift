import CareGateCore

/// Where alert state becomes durable. CareGateStorage implements it over
/// `alerts.sqlite` (`SQLiteAlertStore`); `InMemoryAlertStore` serves tests and replay.
///
/// Every value is `Codable` so the SQL side stays dumb: snapshots and rule states are JSON blobs
/// keyed by `AlertSnapshot.id` / `AlertKey.storageKey`, transitions are rows of the alert log.
/// Lanes call `commit` concurrently, so an implementation must serialise its writes.
public protocol AlertStore: Sendable {
    /// Everything the engine needs at start: open alerts with their timers, rule states, and the
    /// trigger keys recorded since `triggerKeysSince` (older ones may be deleted).
    func load(triggerKeysSince: EpochMillis) throws -> AlertStoreState

    /// Writes one input's consequences atomically (one transaction, fsync'd before returning):
    /// its transitions (assigning each the next gateway `seq`), the new snapshots of the alerts it
    /// touched (a resolved snapshot closes its alert), the rule states it changed (nil state:
    /// delete the key), and the trigger key it consumed. `transitions` may be empty: a rule arming
    /// a timer is a rule-state-only change that must survive a restart too.
    ///
    /// - Returns: the transitions, in order, with `seq` assigned.
    func commit(_ commit: AlertCommit) throws -> [AlertTransition]
}

/// The receiver of every transition after it is durable: the lead publishes it on
/// `care/{site}/gateway/alerts` (and the retained `alerts/active/{id}`), appends it to the alert
/// log and pushes it to SSE clients. Called on the lanes, so it must hand off rather than block.
public protocol AlertSink: Sendable {
    func deliver(_ transition: AlertTransition)
}

/// One atomic unit of alert persistence.
public struct AlertCommit: Sendable, Codable {
    public var transitions: [AlertTransition]
    /// Latest snapshot of every alert touched, at most one per id.
    public var alerts: [AlertSnapshot]
    public var ruleStates: [RuleStateRecord]
    public var triggerKeys: [TriggerKey]

    public init(
        transitions: [AlertTransition] = [], alerts: [AlertSnapshot] = [], ruleStates: [RuleStateRecord] = [],
        triggerKeys: [TriggerKey] = []
    ) {
        self.transitions = transitions
        self.alerts = alerts
        self.ruleStates = ruleStates
        self.triggerKeys = triggerKeys
    }
}

/// What `AlertStore.load` returns.
public struct AlertStoreState: Sendable, Codable {
    /// Alerts whose latest snapshot is not resolved.
    public var openAlerts: [AlertSnapshot]
    public var ruleStates: [RuleStateRecord]
    public var triggerKeys: [TriggerKey]

    public init(openAlerts: [AlertSnapshot] = [], ruleStates: [RuleStateRecord] = [], triggerKeys: [TriggerKey] = []) {
        self.openAlerts = openAlerts
        self.ruleStates = ruleStates
        self.triggerKeys = triggerKeys
    }
}
