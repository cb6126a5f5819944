import CareGateCore
import GRDB

/// `alerts.sqlite`: alerts and their timers, rule state, the registry, consumers, usage and the
/// audit trail. Small and low-rate. Commits use `synchronous=NORMAL` (durable against a process
/// crash when they return) and every commit of the writer is followed by an fsync of the WAL on
/// the ``flusher``'s queue, so an alert reaches the carer without waiting for the disk and is
/// durable against power loss milliseconds later. The writer never checkpoints: a
/// ``BackgroundCheckpointer`` does, on its own connection, when the flusher sees the WAL grown.
/// Kept apart from the bulk buffer so an alert
/// commit never waits behind a telemetry batch or its checkpoint.
public final class ControlDatabase: Sendable {
    public let pool: DatabasePool
    public let path: String
    /// Flushes the WAL after each commit; writers that promise durability wait on it.
    public let flusher: WALFlusher
    /// Checkpoints the WAL from its own connection when the flusher sees it grown.
    public let checkpointer: BackgroundCheckpointer

    public init(path: String) throws {
        self.path = path
        let checkpointer = BackgroundCheckpointer(databasePath: path)
        self.checkpointer = checkpointer
        let flusher = WALFlusher(databasePath: path, checkpointer: checkpointer)
        self.flusher = flusher
        var configuration = Configuration()
        configuration.label = "control"
        configuration.maximumReaderCount = 4
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if !db.configuration.readonly {
                // Checkpoints run on the checkpointer's own connection, never inside an alert's commit.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
                try db.execute(sql: "PRAGMA journal_size_limit = \(BackgroundCheckpointer.journalSizeLimit)")
                db.add(transactionObserver: FlushOnCommit(flusher), extent: .databaseLifetime)
            }
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        checkpointer.attach(writer: pool)
        // Files from before retention existed are rebuilt once to get incremental vacuum.
        try SQLiteFileSpace.enableIncrementalVacuum(pool)
        try ControlSchema.migrator().migrate(pool)
    }

    /// Records who changed what, for inspections. `detail` is free text without personal data.
    public func audit(actor: String, action: String, subject: String, detail: String, at: EpochMillis) throws {
        try pool.write { db in
            try Self.audit(db, actor: actor, action: action, subject: subject, detail: detail, at: at)
        }
    }

    static func audit(_ db: Database, actor: String, action: String, subject: String, detail: String, at: EpochMillis) throws {
        try db.execute(
            sql: "INSERT INTO audit (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [at, actor, action, subject, detail])
    }

    /// The latest audit entries, newest first.
    public func auditTrail(limit: Int = 100) throws -> [AuditEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT at, actor, action, subject, detail FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map { AuditEntry(at: $0["at"], actor: $0["actor"], action: $0["action"], subject: $0["subject"], detail: $0["detail"]) }
        }
    }
}

/// One line of the audit trail.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var at: EpochMillis
    public var actor: String
    public var action: String
    public var subject: String
    public var detail: String
}
