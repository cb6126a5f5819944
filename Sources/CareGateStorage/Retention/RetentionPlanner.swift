/// What one class holds at the start of a retention pass, counted by the store.
///
/// Records are ordered oldest first (by gateway sequence, minute or arrival), and retention
/// only ever removes an oldest prefix of the eligible records, so counts are all the planner
/// needs.
public struct ClassSurvey: Sendable, Hashable {
    /// Records the pass may consider.
    public var rows: Int
    /// Bytes the class occupies in its database file (table and indexes).
    public var bytes: Int64
    /// Records every required consumer has committed (for alerts: also of a closed alert); a
    /// prefix of the class. Equal to `rows` when no required consumer reads the class.
    public var purgeable: Int
    /// Purgeable records that are past the class's age.
    public var expired: Int

    public init(rows: Int, bytes: Int64, purgeable: Int, expired: Int) {
        self.rows = rows
        self.bytes = bytes
        self.purgeable = purgeable
        self.expired = expired
    }
}

/// Why records were purged.
public enum PurgeReason: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// Past the class's age, and committed by every required consumer.
    case age
    /// The class is over its byte budget; the records were committed by every required consumer.
    case budgetCommitted = "budget_committed"
    /// The class is over its byte budget and no committed record was left: records a required
    /// consumer has not committed are dropped, oldest first (raw telemetry only). Raised as the
    /// `budget_purge` operator notice.
    case budgetForced = "budget_forced"

    public var description: String { rawValue }
}

/// One step of a plan: remove the oldest `rows` records of `dataClass` (only purgeable ones,
/// unless the reason is `budgetForced`).
public struct PurgeStep: Sendable, Hashable {
    public var dataClass: RetentionClass
    public var reason: PurgeReason
    public var rows: Int

    public init(_ dataClass: RetentionClass, _ reason: PurgeReason, rows: Int) {
        self.dataClass = dataClass
        self.reason = reason
        self.rows = rows
    }
}

/// Decides what a retention pass removes and why. Pure: the same survey and policy give the
/// same plan, so it is tested without files or clocks.
///
/// Per class, in order: records past their age that every required consumer committed; then, if
/// the class is still over its byte budget, committed records oldest first; then, for raw
/// telemetry only, records not yet committed, oldest first. Bytes per record are taken as the
/// class's average, so a budget is met to within a record or a page.
public enum RetentionPlanner {
    public static func plan(_ survey: [RetentionClass: ClassSurvey], policy: RetentionPolicy) -> [PurgeStep] {
        var steps: [PurgeStep] = []
        for dataClass in RetentionClass.allCases {
            guard let counts = survey[dataClass], counts.rows > 0 else { continue }
            steps += plan(dataClass, counts, limits: policy.limits[dataClass] ?? RetentionLimits())
        }
        return steps
    }

    static func plan(_ dataClass: RetentionClass, _ counts: ClassSurvey, limits: RetentionLimits) -> [PurgeStep] {
        var steps: [PurgeStep] = []
        let purgeable = min(counts.purgeable, counts.rows)
        var removed = limits.maxAge == nil ? 0 : min(counts.expired, purgeable)
        if removed > 0 { steps.append(PurgeStep(dataClass, .age, rows: removed)) }

        guard let budget = limits.maxBytes else { return steps }
        let perRow = Double(counts.bytes) / Double(counts.rows)
        let remainingBytes = Double(counts.bytes) - perRow * Double(removed)
        guard remainingBytes > Double(budget) else { return steps }
        var needed = min(Int(((remainingBytes - Double(budget)) / perRow).rounded(.up)), counts.rows - removed)

        let committed = min(needed, purgeable - removed)
        if committed > 0 {
            steps.append(PurgeStep(dataClass, .budgetCommitted, rows: committed))
            removed += committed
            needed -= committed
        }
        if needed > 0, dataClass.budgetMayForce {
            steps.append(PurgeStep(dataClass, .budgetForced, rows: needed))
        }
        return steps
    }
}
