import GRDB

/// The usage tables of `buffer.sqlite` (migration `v3-usage` in `BufferSchema`).
///
/// `usage_open` holds the running figures of days not yet finalised, one row per device,
/// contract and day, updated by adding deltas. `usage_records` holds finalised records with their
/// gateway sequence as the primary key, like the other synced tables, so a cursor query is a
/// range scan. `usage_state` is the meter's per-device state. All three are written by the bulk
/// writer in the transaction that stores the rows they were computed from, and by the finaliser,
/// which moves rows from open to records in one transaction.
enum UsageSchema {
    static func createBufferTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE usage_open (
                device_id TEXT NOT NULL,
                contract TEXT NOT NULL,
                day INTEGER NOT NULL,
                asset_tag TEXT,
                kind TEXT NOT NULL,
                in_use_ms INTEGER NOT NULL,
                distance_mm INTEGER NOT NULL,
                sessions INTEGER NOT NULL,
                faults INTEGER NOT NULL,
                messages INTEGER NOT NULL,
                last_seen INTEGER,
                battery_min REAL,
                battery_last REAL,
                battery_last_at INTEGER,
                PRIMARY KEY (device_id, contract, day)
            ) WITHOUT ROWID;
            CREATE TABLE usage_records (
                gseq INTEGER PRIMARY KEY,
                device_id TEXT NOT NULL,
                contract TEXT NOT NULL,
                day INTEGER NOT NULL,
                date TEXT NOT NULL,
                revision INTEGER NOT NULL,
                asset_tag TEXT,
                kind TEXT NOT NULL,
                in_use_ms INTEGER NOT NULL,
                distance_mm INTEGER NOT NULL,
                sessions INTEGER NOT NULL,
                faults INTEGER NOT NULL,
                messages INTEGER NOT NULL,
                last_seen INTEGER,
                battery_min REAL,
                battery_last REAL,
                battery_last_at INTEGER,
                finalised_at INTEGER NOT NULL
            );
            CREATE INDEX usage_records_by_key ON usage_records(device_id, contract, day);
            CREATE TABLE usage_state (
                device_id TEXT PRIMARY KEY,
                last_ts INTEGER,
                in_use INTEGER NOT NULL,
                session_open INTEGER NOT NULL,
                odometer_mm INTEGER,
                odometer_ts INTEGER,
                counter_usage_ms INTEGER,
                counter_distance_mm INTEGER,
                counter_sessions INTEGER,
                counter_ts INTEGER
            ) WITHOUT ROWID;
            """)
    }
}
