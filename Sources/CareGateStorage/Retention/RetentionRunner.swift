import CareGateCore

/// One retention pass over both databases: roll up new telemetry, survey, plan, purge, count,
/// and compact what shrank. The daemon runs it periodically; tests run it with their own clock
/// values.
public final class RetentionRunner: Sendable {
    private let buffer: BufferDatabase
    private let control: ControlDatabase
    private let policy: RetentionPolicy
    /// For each synced stream's name, the scopes that let a consumer read it: a required consumer
    /// holding one of them holds back purging of that stream.
    private let readers: [String: Set<String>]

    public init(buffer: BufferDatabase, control: ControlDatabase, policy: RetentionPolicy, readers: [String: Set<String>]) {
        self.buffer = buffer
        self.control = control
        self.policy = policy
        self.readers = readers
    }

    /// Runs a pass as of `now`.
    public func run(now: EpochMillis) throws -> RetentionReport {
        let rolledUp = try buffer.rollUp()
        let cursors = try control.requiredCursors(readers: readers)
        var horizons: [RetentionClass: Int64] = [:]
        for stream in SyncStream.allCases {
            guard let cursor = cursors[stream.rawValue], let dataClass = RetentionClass(rawValue: stream.rawValue) else { continue }
            horizons[dataClass] = cursor
        }
        var cutoffs: [RetentionClass: EpochMillis] = [:]
        for dataClass in RetentionClass.allCases { cutoffs[dataClass] = policy.cutoff(dataClass, now: now) }

        var survey = try buffer.survey(horizons: horizons, cutoffs: cutoffs)
        survey[.alerts] = try control.surveyAlerts(horizon: horizons[.alerts], cutoff: cutoffs[.alerts])
        let plan = RetentionPlanner.plan(survey, policy: policy)

        var purged = try buffer.purge(plan, horizons: horizons)
        for step in plan where step.dataClass == .alerts {
            let done = PurgeStep(.alerts, step.reason, rows: try control.purgeAlerts(step, horizon: horizons[.alerts]))
            try buffer.countPurged(done)
            purged.append(done)
        }
        if purged.contains(where: { $0.dataClass != .alerts && $0.rows > 0 }) { try buffer.compact() }
        if purged.contains(where: { $0.dataClass == .alerts && $0.rows > 0 }) { try control.compact() }
        return RetentionReport(rolledUp: rolledUp, survey: survey, purged: purged.filter { $0.rows > 0 })
    }
}

/// What a retention pass found and did.
public struct RetentionReport: Sendable, Hashable {
    /// Telemetry rows folded into rollups.
    public var rolledUp: Int
    /// What each class held before the purge.
    public var survey: [RetentionClass: ClassSurvey]
    /// Rows removed, per class and reason (steps that removed nothing are left out).
    public var purged: [PurgeStep]

    /// Records removed that a required consumer had not committed.
    public var forced: Int {
        purged.filter { $0.reason == .budgetForced }.reduce(0) { $0 + $1.rows }
    }
}
