import CareGateCore

/// The kinds of stored records retention treats separately, each with its own age and byte
/// budget.
public enum RetentionClass: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// Raw readings (`buffer.sqlite` `telemetry`), synced; the only class a budget may drop
    /// before every required consumer committed it.
    case telemetry
    /// Per-minute summaries of numeric readings (`buffer.sqlite` `rollups`), not synced.
    case rollups
    /// Device events (`buffer.sqlite` `events`), synced; purged only once committed.
    case events
    /// Transitions of closed alerts (`alerts.sqlite` `alert_transitions`), synced; purged only
    /// once every required consumer committed them, whatever the budget.
    case alerts
    /// Messages that could not be accepted (`buffer.sqlite` `quarantine`), not synced.
    case quarantine

    public var description: String { rawValue }

    /// Whether a byte budget may remove records a required consumer has not committed.
    public var budgetMayForce: Bool { self == .telemetry }
}

/// How long one class keeps its records and how many bytes it may occupy; nil means no limit.
public struct RetentionLimits: Sendable, Hashable {
    public var maxAge: EpochMillis?
    public var maxBytes: Int64?

    public init(maxAge: EpochMillis? = nil, maxBytes: Int64? = nil) {
        self.maxAge = maxAge
        self.maxBytes = maxBytes
    }
}

/// Ages and byte budgets per class.
public struct RetentionPolicy: Sendable, Hashable {
    public var limits: [RetentionClass: RetentionLimits]

    public init(limits: [RetentionClass: RetentionLimits]) {
        self.limits = limits
    }

    /// The arrival time before which a record of `dataClass` is past its age, or nil when the
    /// class has no age limit.
    public func cutoff(_ dataClass: RetentionClass, now: EpochMillis) -> EpochMillis? {
        limits[dataClass]?.maxAge.map { now - $0 }
    }
}
