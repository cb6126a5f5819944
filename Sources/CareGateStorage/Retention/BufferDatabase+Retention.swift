import CareGateCore
import GRDB

extension BufferDatabase {
    /// Telemetry rows folded into rollups per transaction (the bulk writer waits meanwhile).
    static let rollupChunk = 20_000
    /// Rows deleted per transaction.
    static let purgeChunk = 5_000

    /// The telemetry sequence up to which every row is folded into `rollups`.
    public func rolledUpThrough() throws -> Int64 {
        try pool.read { db in try Self.rolledUpThrough(db) }
    }

    /// Folds every telemetry row not yet rolled up into the per-minute rollups of its numeric
    /// readings, a chunk per transaction, with the position saved in the same transaction.
    /// Returns the telemetry rows covered.
    @discardableResult
    public func rollUp() throws -> Int {
        var covered = 0
        while true {
            let rows = try pool.write { db in try Self.rollUpChunk(db) }
            covered += rows
            if rows < Self.rollupChunk { return covered }
        }
    }

    private static func rollUpChunk(_ db: Database) throws -> Int {
        let from = try rolledUpThrough(db)
        let rows = try Row.fetchAll(
            db, sql: "SELECT count(*) AS n, max(gseq) AS last FROM (SELECT gseq FROM telemetry WHERE gseq > ? ORDER BY gseq LIMIT ?)",
            arguments: [from, rollupChunk])
        guard let summary = rows.first, let through = summary["last"] as Int64? else { return 0 }
        var accumulator = RollupAccumulator()
        let readings = try Row.fetchCursor(
            db,
            sql: """
                SELECT t.device_id, t.ts, j.key, j.value FROM telemetry t, json_each(t.props) j
                WHERE t.gseq > ? AND t.gseq <= ? AND j.type IN ('integer', 'real')
                """,
            arguments: [from, through])
        while let row = try readings.next() {
            accumulator.add(deviceId: row[0], metric: row[2], value: row[3], ts: row[1])
        }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO rollups (device_id, metric, minute, count, sum, min, max, last, last_ts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(device_id, metric, minute) DO UPDATE SET
                count = count + excluded.count, sum = sum + excluded.sum,
                min = min(min, excluded.min), max = max(max, excluded.max),
                last = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last ELSE last END,
                last_ts = max(last_ts, excluded.last_ts)
            """)
        for rollup in accumulator.rollups.values {
            try upsert.execute(arguments: [
                rollup.deviceId, rollup.metric, rollup.minute, rollup.count, rollup.sum, rollup.min, rollup.max,
                rollup.last, rollup.lastTs,
            ])
        }
        try db.execute(
            sql: "INSERT INTO retention_state (name, value) VALUES ('rolled_up', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            arguments: [through])
        return summary["n"]
    }

    private static func rolledUpThrough(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM retention_state WHERE name = 'rolled_up'") ?? 0
    }

    /// The rollups of `deviceId` (one metric, or all) whose minute lies in `from..<to`, by
    /// minute then metric.
    public func rollups(deviceId: String, metric: String? = nil, from: EpochMillis, to: EpochMillis) throws -> [Rollup] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT device_id, metric, minute, count, sum, min, max, last, last_ts FROM rollups
                    WHERE device_id = ? AND (? IS NULL OR metric = ?) AND minute >= ? AND minute < ?
                    ORDER BY minute, metric
                    """,
                arguments: [deviceId, metric, metric, from, to]
            ).map {
                Rollup(
                    deviceId: $0[0], metric: $0[1], minute: $0[2], count: $0[3], min: $0[5], max: $0[6], sum: $0[4],
                    last: $0[7], lastTs: $0[8])
            }
        }
    }

    /// What the buffer's classes hold. `horizons` are the required consumers' lowest cursors per
    /// synced class (absent: no required consumer reads it); `cutoffs` the arrival times before
    /// which a class's records are past their age (absent: no age limit).
    public func survey(horizons: [RetentionClass: Int64], cutoffs: [RetentionClass: EpochMillis]) throws -> [RetentionClass: ClassSurvey] {
        try pool.read { db in
            let bytes = try SQLiteFileSpace.tableBytes(db)
            var survey: [RetentionClass: ClassSurvey] = [:]
            for dataClass in [RetentionClass.telemetry, .events, .rollups, .quarantine] {
                let table = BufferTable(dataClass)
                let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0
                let bound = try Self.purgeBound(dataClass, horizons: horizons, db: db)
                let purgeable = bound == .max
                    ? rows : try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name) WHERE \(table.key) <= ?", arguments: [bound]) ?? 0
                var expired = 0
                if let cutoff = cutoffs[dataClass] {
                    expired = try Self.expiredCount(table, cutoff: cutoff, bound: bound, db: db)
                }
                survey[dataClass] = ClassSurvey(rows: rows, bytes: bytes[table.name] ?? 0, purgeable: purgeable, expired: expired)
            }
            return survey
        }
    }

    /// Carries out the buffer's steps of a plan, in chunks; counts what each removed in the
    /// persistent counters (`retention.<class>.<reason>`) in the same transactions. Returns the
    /// steps with the rows actually removed.
    public func purge(_ steps: [PurgeStep], horizons: [RetentionClass: Int64]) throws -> [PurgeStep] {
        var done: [PurgeStep] = []
        for step in steps where step.dataClass != .alerts {
            var removed = 0
            while removed < step.rows {
                let chunk = min(Self.purgeChunk, step.rows - removed)
                let count = try pool.write { db in
                    let bound = step.reason == .budgetForced
                        ? try Self.forcedBound(step.dataClass, db: db) : try Self.purgeBound(step.dataClass, horizons: horizons, db: db)
                    let table = BufferTable(step.dataClass)
                    try db.execute(
                        sql: """
                            DELETE FROM \(table.name) WHERE \(table.key) IN
                                (SELECT \(table.key) FROM \(table.name) WHERE \(table.key) <= ? ORDER BY \(table.order) LIMIT ?)
                            """,
                        arguments: [bound, chunk])
                    let count = db.changesCount
                    try Self.count(step.dataClass, step.reason, Int64(count), db: db)
                    return count
                }
                removed += count
                if count < chunk { break }
            }
            done.append(PurgeStep(step.dataClass, step.reason, rows: removed))
        }
        return done
    }

    /// Adds rows purged from `alerts.sqlite` to the persistent counters.
    public func countPurged(_ step: PurgeStep) throws {
        try pool.write { db in try Self.count(step.dataClass, step.reason, Int64(step.rows), db: db) }
    }

    /// The persistent retention counters: rows removed per class and reason.
    public func retentionCounters() throws -> [String: Int64] {
        try counters().filter { $0.key.hasPrefix(Self.retentionCounterPrefix) }
    }

    /// Gives freed pages back and truncates the WAL (after a purge).
    public func compact() throws {
        try SQLiteFileSpace.compact(pool)
    }

    static let retentionCounterPrefix = "retention."

    /// The name of the persistent counter of rows of `dataClass` removed for `reason`.
    public static func retentionCounter(_ dataClass: RetentionClass, _ reason: PurgeReason) -> String {
        retentionCounterPrefix + dataClass.rawValue + "." + reason.rawValue
    }

    private static func count(_ dataClass: RetentionClass, _ reason: PurgeReason, _ amount: Int64, db: Database) throws {
        guard amount > 0 else { return }
        try db.execute(
            sql: "INSERT INTO ingest_counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
            arguments: [retentionCounter(dataClass, reason), amount])
    }

    /// The highest key a purge of committed records may reach: the required consumers' horizon,
    /// and for telemetry also what is rolled up (a raw row is never purged before its rollup).
    private static func purgeBound(_ dataClass: RetentionClass, horizons: [RetentionClass: Int64], db: Database) throws -> Int64 {
        let horizon = horizons[dataClass] ?? .max
        return dataClass == .telemetry ? min(horizon, try rolledUpThrough(db)) : horizon
    }

    /// How far a forced purge may reach: only what is rolled up.
    private static func forcedBound(_ dataClass: RetentionClass, db: Database) throws -> Int64 {
        dataClass == .telemetry ? try rolledUpThrough(db) : .max
    }

    private static func expiredCount(_ table: BufferTable, cutoff: EpochMillis, bound: Int64, db: Database) throws -> Int {
        if table.key != table.order {
            // Rollups: the index on the minute finds them.
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name) WHERE \(table.arrival) < ?", arguments: [cutoff]) ?? 0
        }
        // Arrival order is key order, so the expired rows are those before the first that is not.
        let firstKept = try Int64.fetchOne(
            db, sql: "SELECT \(table.key) FROM \(table.name) WHERE \(table.arrival) >= ? ORDER BY \(table.key) LIMIT 1",
            arguments: [cutoff]) ?? .max
        return try Int.fetchOne(
            db, sql: "SELECT count(*) FROM \(table.name) WHERE \(table.key) < ? AND \(table.key) <= ?", arguments: [firstKept, bound]) ?? 0
    }
}

/// Where a buffer class lives: its table, its key (the gateway sequence for synced classes, the
/// rowid otherwise), the order "oldest first" follows, and the column its age is measured by.
private struct BufferTable {
    var name: String
    var key: String
    var order: String
    var arrival: String

    init(_ dataClass: RetentionClass) {
        switch dataClass {
        case .telemetry: (name, key, order, arrival) = ("telemetry", "gseq", "gseq", "received_at")
        case .events: (name, key, order, arrival) = ("events", "gseq", "gseq", "received_at")
        case .rollups: (name, key, order, arrival) = ("rollups", "id", "minute", "minute")
        case .quarantine: (name, key, order, arrival) = ("quarantine", "id", "id", "received_at")
        case .alerts: (name, key, order, arrival) = ("alert_transitions", "gseq", "gseq", "at")
        }
    }
}
