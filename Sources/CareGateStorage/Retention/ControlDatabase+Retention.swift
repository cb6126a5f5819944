import CareGateCore
import GRDB

extension ControlDatabase {
    /// What the alert log holds. Only transitions of closed alerts that every required consumer
    /// reading alerts has committed (gateway sequence at or below `horizon`; nil: no such
    /// consumer) are purgeable; of those, the ones that happened before `cutoff` are expired.
    public func surveyAlerts(horizon: Int64?, cutoff: EpochMillis?) throws -> ClassSurvey {
        try pool.read { db in
            let bytes = try SQLiteFileSpace.tableBytes(db)["alert_transitions"] ?? 0
            let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM alert_transitions") ?? 0
            let purgeable = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(Self.purgeableTransitions)", arguments: [horizon ?? .max]) ?? 0
            let expired = try cutoff.map {
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM \(Self.purgeableTransitions) AND at < ?", arguments: [horizon ?? .max, $0]) ?? 0
            } ?? 0
            return ClassSurvey(rows: rows, bytes: bytes, purgeable: purgeable, expired: expired)
        }
    }

    /// Removes the oldest `step.rows` purgeable transitions (never one of an open alert or one a
    /// required consumer has not committed, whatever the step's reason), then closed alerts with
    /// no transition left. Returns the transitions removed.
    public func purgeAlerts(_ step: PurgeStep, horizon: Int64?) throws -> Int {
        guard step.dataClass == .alerts, step.reason != .budgetForced else { return 0 }
        return try pool.write { db in
            try db.execute(
                sql: "DELETE FROM alert_transitions WHERE gseq IN (SELECT gseq FROM \(Self.purgeableTransitions) ORDER BY gseq LIMIT ?)",
                arguments: [horizon ?? .max, step.rows])
            let removed = db.changesCount
            try db.execute(sql: """
                DELETE FROM alerts WHERE open = 0
                    AND NOT EXISTS (SELECT 1 FROM alert_transitions t WHERE t.alert_id = alerts.id)
                """)
            return removed
        }
    }

    /// Gives freed pages back and truncates the WAL (after a purge).
    public func compact() throws {
        try SQLiteFileSpace.compact(pool)
    }

    /// Transitions at or below a horizon (the one argument), already published over MQTT, of
    /// alerts that are closed.
    private static let purgeableTransitions = """
        alert_transitions WHERE gseq <= ? AND published = 1 AND alert_id IN (SELECT id FROM alerts WHERE open = 0)
        """
}
