import CareGateAlerts
import CareGateCore
import Foundation
import GRDB

/// The alert engine's `AlertStore` over `alerts.sqlite`: each commit is one transaction, so a
/// transition handed to the outputs is already durable against a process crash (and against power
/// loss once ``ControlDatabase/flusher`` has synced the WAL, milliseconds later); after `kill -9`
/// the engine resumes from exactly what it had published.
///
/// Snapshots and rule states are JSON blobs (the engine owns their shape); transitions are rows
/// numbered from the gateway sequence inside the write transaction, so `/v1/alerts/log` cursors
/// never skip.
public final class SQLiteAlertStore: AlertStore {
    private let database: ControlDatabase
    private let sequence: GatewaySequence
    private let reserve: DiskReserve?

    /// - Parameter reserve: released when a commit meets a full disk, and the commit retried.
    public init(database: ControlDatabase, sequence: GatewaySequence, reserve: DiskReserve? = nil) {
        self.database = database
        self.sequence = sequence
        self.reserve = reserve
    }

    public func load(triggerKeysSince: EpochMillis) throws -> AlertStoreState {
        let decoder = JSONDecoder()
        return try database.pool.write { db in
            try db.execute(sql: "DELETE FROM trigger_keys WHERE source_ts < ?", arguments: [triggerKeysSince])
            let alerts = try String.fetchAll(db, sql: "SELECT snapshot FROM alerts WHERE open = 1 ORDER BY raised_at")
                .map { try decoder.decode(AlertSnapshot.self, from: Data($0.utf8)) }
            let states = try String.fetchAll(db, sql: "SELECT state FROM rule_states ORDER BY key")
                .map { try decoder.decode(RuleStateRecord.self, from: Data($0.utf8)) }
            let keys = try String.fetchAll(db, sql: "SELECT body FROM trigger_keys")
                .map { try decoder.decode(TriggerKey.self, from: Data($0.utf8)) }
            return AlertStoreState(openAlerts: alerts, ruleStates: states, triggerKeys: keys)
        }
    }

    public func commit(_ commit: AlertCommit) throws -> [AlertTransition] {
        do {
            return try write(commit)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL && reserve?.release() == true {
            // The disk is full: the reserve just gave the alert its room.
            return try write(commit)
        }
    }

    private func write(_ commit: AlertCommit) throws -> [AlertTransition] {
        // JSON is encoded before the transaction, so the writer lock (shared with every lane and
        // the outputs) is held only for the statements, all of them cached.
        let encoder = JSONEncoder.sorted
        let snapshots = try commit.alerts.map { alert in (alert, String(decoding: try encoder.encode(alert), as: UTF8.self)) }
        let states = try commit.ruleStates.map { record in
            (record.key.storageKey, try record.state.map { _ in String(decoding: try encoder.encode(record), as: UTF8.self) })
        }
        let keys = try commit.triggerKeys.map { key in (key, String(decoding: try encoder.encode(key), as: UTF8.self)) }
        return try database.pool.write { db in
            var numbered: [AlertTransition] = []
            for var transition in commit.transitions {
                transition.seq = sequence.reserve()
                try db.cachedStatement(sql: Self.insertTransition).execute(
                    arguments: [transition.seq, transition.alertId, transition.transition.rawValue, transition.at, transition.jsonLine])
                numbered.append(transition)
            }
            for (alert, snapshot) in snapshots {
                try db.cachedStatement(sql: Self.upsertAlert).execute(
                    arguments: [alert.id, alert.isOpen, alert.rule.rawValue, alert.severity.rawValue, alert.evidence.raisedAt, alert.lastTriggerAt, snapshot])
            }
            for (key, state) in states {
                if let state {
                    try db.cachedStatement(sql: Self.upsertRuleState).execute(arguments: [key, state])
                } else {
                    try db.cachedStatement(sql: Self.deleteRuleState).execute(arguments: [key])
                }
            }
            for (key, body) in keys {
                try db.cachedStatement(sql: Self.insertTriggerKey).execute(arguments: [key.description, key.sourceTs, body])
            }
            return numbered
        }
    }

    private static let insertTransition = "INSERT INTO alert_transitions (gseq, alert_id, transition, at, body) VALUES (?, ?, ?, ?, ?)"
    private static let upsertAlert = """
        INSERT INTO alerts (id, open, rule, severity, raised_at, updated_at, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET open = excluded.open, severity = excluded.severity,
            updated_at = excluded.updated_at, snapshot = excluded.snapshot
        """
    private static let upsertRuleState = "INSERT INTO rule_states (key, state) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET state = excluded.state"
    private static let deleteRuleState = "DELETE FROM rule_states WHERE key = ?"
    private static let insertTriggerKey = "INSERT OR IGNORE INTO trigger_keys (key, source_ts, body) VALUES (?, ?, ?)"
}
