import CareGateCore
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// `buffer.sqlite`: telemetry, events and quarantine, written in large transactions by the bulk
/// writer and read by the sync API.
///
/// WAL with `synchronous=NORMAL`: a commit costs no fsync (the WAL is synced at checkpoints), and
/// a committed transaction survives the death of the process; after a power loss the last
/// transactions may roll back, which the ingest journal covers (it is synced every second).
public final class BufferDatabase: Sendable {
    public let pool: DatabasePool
    public let path: String

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.label = "buffer"
        configuration.maximumReaderCount = 4
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        // So purge can give pages back to the disk (see SQLiteFileSpace).
        try SQLiteFileSpace.enableIncrementalVacuum(pool)
        try BufferSchema.migrator().migrate(pool)
    }

    /// Makes every transaction committed so far durable: fsyncs the write-ahead log, as
    /// `synchronous=FULL` would after each commit. Called before ingest journal segments are
    /// deleted, so a power loss can never roll back a commit whose journal records are gone.
    public func syncWriteAheadLog() {
        let fd = open(path + "-wal", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// The journal position everything before which is stored, or nil for a new buffer.
    public func committedPosition() throws -> JournalPosition? {
        try position(named: "committed")
    }

    /// The journal position as of which `stream_state` was saved, or nil.
    public func streamSnapshotPosition() throws -> JournalPosition? {
        try position(named: "streams")
    }

    private func position(named name: String) throws -> JournalPosition? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT segment, offset FROM ingest_position WHERE name = ?", arguments: [name])
                .map { JournalPosition(segment: UInt64($0["segment"] as Int64), offset: UInt32($0["offset"] as Int64)) }
        }
    }

    /// Every device's saved de-duplication state.
    public func loadStreamStates() throws -> [String: DeviceStreamState] {
        try pool.read { db in
            var states: [String: DeviceStreamState] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT device_id, high_seq, high_ts, window, retained, edges FROM stream_state")
            while let row = try rows.next() {
                states[row["device_id"]] = DeviceStreamState(
                    highSeq: row["high_seq"], highTs: row["high_ts"],
                    window: UInt64(bitPattern: row["window"] as Int64),
                    retainedDigests: Self.decodePairs(row["retained"]).compactMapValues(UInt64.init),
                    edges: Self.decodePairs(row["edges"]))
            }
            return states
        }
    }

    /// The highest gateway sequence in this database.
    public func highestSequence() throws -> Int64 {
        try pool.read { db in
            let telemetry = try Int64.fetchOne(db, sql: "SELECT max(gseq) FROM telemetry") ?? 0
            let events = try Int64.fetchOne(db, sql: "SELECT max(gseq) FROM events") ?? 0
            return max(telemetry, events, try Self.highestUsageSequence(db))
        }
    }

    /// The persistent ingest counters.
    public func counters() throws -> [String: Int64] {
        try pool.read { db in try Self.counters(db) }
    }

    /// Rows per table, and quarantined rows per reason code.
    public func tally() throws -> BufferTally {
        try pool.read { db in try Self.tally(db) }
    }

    static func counters(_ db: Database) throws -> [String: Int64] {
        var counters: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, value FROM ingest_counters") {
            counters[row["name"]] = row["value"]
        }
        return counters
    }

    static func tally(_ db: Database) throws -> BufferTally {
        var quarantine: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT reason, count(*) AS n FROM quarantine GROUP BY reason") {
            quarantine[row["reason"]] = row["n"]
        }
        return BufferTally(
            telemetry: try Int.fetchOne(db, sql: "SELECT count(*) FROM telemetry") ?? 0,
            events: try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0,
            quarantineByReason: quarantine)
    }

    /// `key=value;...` for the small string maps of `stream_state` (keys and values are metric
    /// names, roles, digits and enumeration values, none of which contain `;` or `=`).
    static func encodePairs<Value>(_ pairs: [String: Value]) -> String {
        pairs.keys.sorted().map { "\($0)=\(pairs[$0]!)" }.joined(separator: ";")
    }

    static func decodePairs(_ text: String) -> [String: String] {
        var pairs: [String: String] = [:]
        for pair in text.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { pairs[String(parts[0])] = String(parts[1]) }
        }
        return pairs
    }
}

/// How many rows the buffer holds, for `caregate stats` and the acceptance test.
public struct BufferTally: Sendable, Hashable, Codable {
    public var telemetry: Int
    public var events: Int
    public var quarantineByReason: [String: Int]

    public var quarantined: Int { quarantineByReason.values.reduce(0, +) }
}
