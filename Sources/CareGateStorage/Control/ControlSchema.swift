import GRDB

/// The versioned schema of `alerts.sqlite`: what must never wait or be lost. Later migrations add
/// the alert tables, consumers and usage.
enum ControlSchema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-registry") { db in
            try db.execute(sql: """
                CREATE TABLE residents (
                    ref TEXT PRIMARY KEY,
                    fall_risk TEXT NOT NULL,
                    exit_risk INTEGER NOT NULL,
                    bed_bound INTEGER NOT NULL,
                    repositioning_hours REAL,
                    night_window TEXT,
                    overrides TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE devices (
                    device_id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    site TEXT NOT NULL,
                    room TEXT,
                    bed TEXT,
                    zone TEXT,
                    resident_ref TEXT,
                    asset_tag TEXT,
                    rental_contract TEXT,
                    assignment TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE device_status (
                    device_id TEXT PRIMARY KEY,
                    last_seen INTEGER,
                    online INTEGER,
                    availability_changed_at INTEGER,
                    battery REAL,
                    battery_at INTEGER
                ) WITHOUT ROWID;
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    detail TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-alerts") { db in
            try db.execute(sql: """
                CREATE TABLE alerts (
                    id TEXT PRIMARY KEY,
                    open INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    raised_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    snapshot TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX alerts_open ON alerts(open, raised_at);
                CREATE TABLE alert_transitions (
                    gseq INTEGER PRIMARY KEY,
                    alert_id TEXT NOT NULL,
                    transition TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    published INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX alert_transitions_by_alert ON alert_transitions(alert_id);
                CREATE INDEX alert_transitions_unpublished ON alert_transitions(published) WHERE published = 0;
                CREATE TABLE rule_states (
                    key TEXT PRIMARY KEY,
                    state TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE trigger_keys (
                    key TEXT PRIMARY KEY,
                    source_ts INTEGER NOT NULL,
                    body TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3-notices") { db in
            try db.execute(sql: """
                CREATE TABLE operator_notices (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    message TEXT NOT NULL,
                    raised_at INTEGER NOT NULL,
                    cleared_at INTEGER,
                    UNIQUE (kind, subject)
                );
                """)
        }
        // Platforms' access and progress: a consumer's token is kept only as its SHA-256, and each
        // consumer has one durable cursor per stream it syncs (the `gseq` it has committed).
        migrator.registerMigration("v4-consumers") { db in
            try db.execute(sql: """
                CREATE TABLE consumers (
                    name TEXT PRIMARY KEY,
                    scopes TEXT NOT NULL,
                    token_sha256 TEXT NOT NULL UNIQUE,
                    required INTEGER NOT NULL,
                    origin TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE consumer_cursors (
                    consumer TEXT NOT NULL REFERENCES consumers(name) ON DELETE CASCADE,
                    stream TEXT NOT NULL,
                    cursor INTEGER NOT NULL,
                    committed_at INTEGER NOT NULL,
                    PRIMARY KEY (consumer, stream)
                ) WITHOUT ROWID;
                """)
        }
        // Asset lifecycle events (assigned, returned, disinfected, maintenance) with a gseq.
        migrator.registerMigration("v5-assets") { db in
            try ControlDatabase.createAssetTables(db)
        }
        return migrator
    }
}
