import CareGateCore
import GRDB

/// Reads the sync streams for the HTTP API, by gateway sequence, from both databases.
///
/// Every read runs on GRDB's reader queues (the async `read`), never on the caller's thread, and
/// sees one committed snapshot: a cursor query is a range scan of the `gseq` primary key, so a
/// page costs the same at the start of a 30-day buffer as at its end.
public struct SyncReader: Sendable {
    private let buffer: BufferDatabase
    private let control: ControlDatabase

    public init(buffer: BufferDatabase, control: ControlDatabase) {
        self.buffer = buffer
        self.control = control
    }

    /// At most `limit` records of `stream` with `after < seq <= through`, in sequence order.
    public func records(_ stream: SyncStream, after: Int64, through: Int64 = .max, limit: Int) async throws -> SyncBatch {
        let arguments: StatementArguments = [after, through, limit]
        switch stream {
        case .telemetry:
            return .telemetry(try await buffer.pool.read { db in
                let statement = try db.cachedStatement(sql: """
                    SELECT gseq, device_id, kind, role, ts, stamped, seq, received_at, props FROM telemetry
                    WHERE gseq > ? AND gseq <= ? ORDER BY gseq LIMIT ?
                    """)
                var records: [TelemetryRecord] = []
                records.reserveCapacity(min(limit, 4096))
                let rows = try Row.fetchCursor(statement, arguments: arguments)
                while let row = try rows.next() {
                    records.append(TelemetryRecord(
                        seq: row[0], deviceId: row[1], kind: row[2], role: row[3], ts: row[4], stamped: row[5],
                        deviceSeq: row[6], receivedAt: row[7], props: row[8]))
                }
                return records
            })
        case .events:
            return .events(try await buffer.pool.read { db in
                let statement = try db.cachedStatement(sql: """
                    SELECT gseq, device_id, kind, type, ts, stamped, seq, received_at, data FROM events
                    WHERE gseq > ? AND gseq <= ? ORDER BY gseq LIMIT ?
                    """)
                var records: [EventRecord] = []
                records.reserveCapacity(min(limit, 4096))
                let rows = try Row.fetchCursor(statement, arguments: arguments)
                while let row = try rows.next() {
                    records.append(EventRecord(
                        seq: row[0], deviceId: row[1], kind: row[2], type: row[3], ts: row[4], stamped: row[5],
                        deviceSeq: row[6], receivedAt: row[7], data: row[8]))
                }
                return records
            })
        case .alerts:
            return .alerts(try await control.pool.read { db in
                let statement = try db.cachedStatement(sql: """
                    SELECT gseq, body FROM alert_transitions WHERE gseq > ? AND gseq <= ? ORDER BY gseq LIMIT ?
                    """)
                var records: [AlertLogRecord] = []
                let rows = try Row.fetchCursor(statement, arguments: arguments)
                while let row = try rows.next() {
                    records.append(AlertLogRecord(seq: row[0], body: row[1]))
                }
                return records
            })
        case .usage:
            return .usage(try await buffer.pool.read { db in try BufferDatabase.usageRecords(db, after: after, through: through, limit: limit) })
        case .assets:
            return .assets(try await control.pool.read { db in try ControlDatabase.assetEvents(db, after: after, through: through, limit: limit) })
        }
    }

    /// The highest sequence number `stream` holds (0 when it is empty): where a stream that
    /// "stops at the current end" stops.
    public func head(_ stream: SyncStream) async throws -> Int64 {
        let table = Self.table(stream)
        return try await pool(stream).read { db in
            try Int64.fetchOne(db, sql: "SELECT max(gseq) FROM \(table)") ?? 0
        }
    }

    /// The highest alert transition `seq` up to which every transition was published on the
    /// site's broker (see `ControlDatabase.publishedTransitionsThrough(_:)`), read off the caller's
    /// thread: how far the upstream bridge may forward the alerts stream.
    public func publishedAlertsThrough() async throws -> Int64 {
        try await control.pool.read { db in try ControlDatabase.publishedTransitionsThrough(db) }
    }

    /// When the oldest record after `cursor` arrived (received, or for alerts happened), or nil
    /// when nothing is pending: how far behind a consumer is, in time.
    public func oldestPending(_ stream: SyncStream, after cursor: Int64) async throws -> EpochMillis? {
        let table = Self.table(stream)
        let column = Self.timeColumn(stream)
        return try await pool(stream).read { db in
            try EpochMillis.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE gseq > ? ORDER BY gseq LIMIT 1", arguments: [cursor])
        }
    }

    /// The sequence range `stream` holds and when its oldest record arrived (all nil when empty).
    public func extent(_ stream: SyncStream) async throws -> StreamExtent {
        let table = Self.table(stream)
        let column = Self.timeColumn(stream)
        return try await pool(stream).read { db in
            let first = try Int64.fetchOne(db, sql: "SELECT min(gseq) FROM \(table)")
            let last = try Int64.fetchOne(db, sql: "SELECT max(gseq) FROM \(table)")
            let oldest = try first.flatMap {
                try EpochMillis.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE gseq = ?", arguments: [$0])
            }
            return StreamExtent(firstSeq: first, lastSeq: last, oldestAt: oldest)
        }
    }

    private func pool(_ stream: SyncStream) -> DatabasePool {
        switch stream {
        case .telemetry, .events, .usage: buffer.pool
        case .alerts, .assets: control.pool
        }
    }

    private static func table(_ stream: SyncStream) -> String {
        switch stream {
        case .telemetry: "telemetry"
        case .events: "events"
        case .alerts: "alert_transitions"
        case .usage: "usage_records"
        case .assets: "asset_events"
        }
    }

    /// When a record of `stream` came to be: received, happened, recorded or (usage) finalised.
    private static func timeColumn(_ stream: SyncStream) -> String {
        switch stream {
        case .telemetry, .events: "received_at"
        case .alerts: "at"
        case .assets: "recorded_at"
        case .usage: "finalised_at"
        }
    }
}

/// What one stream holds: its sequence range and the arrival of its oldest record.
public struct StreamExtent: Sendable, Hashable {
    public var firstSeq: Int64?
    public var lastSeq: Int64?
    public var oldestAt: EpochMillis?
}
