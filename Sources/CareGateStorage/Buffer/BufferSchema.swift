import GRDB

/// The versioned schema of `buffer.sqlite`: bulk data written by the bulk writer.
///
/// `gseq` (the gateway sequence) is the INTEGER PRIMARY KEY, i.e. the rowid: rows are appended at
/// the end of the b-tree in sequence order and a cursor query is a range scan on the primary key.
/// No secondary index sits on the hot tables; de-duplication happens before SQL (see
/// `DeviceStreamState`).
enum BufferSchema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ingest") { db in
            try db.execute(sql: """
                CREATE TABLE telemetry (
                    gseq INTEGER PRIMARY KEY,
                    device_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    role TEXT NOT NULL,
                    ts INTEGER NOT NULL,
                    stamped INTEGER NOT NULL,
                    seq INTEGER,
                    received_at INTEGER NOT NULL,
                    props TEXT NOT NULL
                );
                CREATE TABLE events (
                    gseq INTEGER PRIMARY KEY,
                    device_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    type TEXT NOT NULL,
                    ts INTEGER NOT NULL,
                    stamped INTEGER NOT NULL,
                    seq INTEGER,
                    received_at INTEGER NOT NULL,
                    data TEXT NOT NULL
                );
                CREATE TABLE quarantine (
                    id INTEGER PRIMARY KEY,
                    received_at INTEGER NOT NULL,
                    topic TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    payload_length INTEGER NOT NULL,
                    qos INTEGER NOT NULL,
                    retained INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    device_id TEXT,
                    profile_id TEXT
                );
                CREATE INDEX quarantine_by_reason ON quarantine(reason);
                CREATE TABLE stream_state (
                    device_id TEXT PRIMARY KEY,
                    high_seq INTEGER,
                    high_ts INTEGER,
                    window INTEGER NOT NULL,
                    retained TEXT NOT NULL,
                    edges TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE ingest_position (
                    name TEXT PRIMARY KEY,
                    segment INTEGER NOT NULL,
                    offset INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE ingest_counters (
                    name TEXT PRIMARY KEY,
                    value INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        // Rental metering: running and finalised usage per device, contract and day, and the
        // meter's per-device state (see UsageSchema).
        migrator.registerMigration("v3-usage") { db in
            try UsageSchema.createBufferTables(db)
        }
        // Retention: per-minute rollups of numeric readings (kept after the raw rows are purged;
        // not synced, so no gateway sequence), and how far telemetry has been rolled up.
        migrator.registerMigration("v4-retention") { db in
            try db.execute(sql: """
                CREATE TABLE rollups (
                    id INTEGER PRIMARY KEY,
                    device_id TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    minute INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    sum REAL NOT NULL,
                    min REAL NOT NULL,
                    max REAL NOT NULL,
                    last REAL NOT NULL,
                    last_ts INTEGER NOT NULL,
                    UNIQUE (device_id, metric, minute)
                );
                CREATE INDEX rollups_by_minute ON rollups(minute);
                CREATE TABLE retention_state (
                    name TEXT PRIMARY KEY,
                    value INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
