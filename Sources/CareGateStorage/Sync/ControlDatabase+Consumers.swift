import CareGateCore
import GRDB

extension ControlDatabase {
    /// Every consumer, by name.
    public func consumers() throws -> [ConsumerRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM consumers ORDER BY name").map(Self.consumer(from:))
        }
    }

    /// Adds a consumer, audited by `actor`; refuses a taken name or a token already in use.
    public func addConsumer(_ consumer: ConsumerRecord, actor: String) throws {
        try pool.write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM consumers WHERE name = ?", arguments: [consumer.name]) != nil {
                throw ConsumerStoreError(.nameTaken, "a consumer named \(consumer.name) already exists")
            }
            try Self.refuseTokenInUse(consumer, db: db)
            try Self.insert(consumer, db: db)
            try Self.audit(db, actor: actor, action: "consumer.add", subject: consumer.name, detail: Self.detail(consumer), at: consumer.createdAt)
        }
    }

    /// Removes a consumer and its cursors, audited; returns the removed consumer.
    public func removeConsumer(named name: String, actor: String, at: EpochMillis) throws -> ConsumerRecord {
        try pool.write { db in
            guard let existing = try Row.fetchOne(db, sql: "SELECT * FROM consumers WHERE name = ?", arguments: [name]).map(Self.consumer(from:)) else {
                throw ConsumerStoreError(.notFound, "no consumer named \(name)")
            }
            try db.execute(sql: "DELETE FROM consumers WHERE name = ?", arguments: [name])
            try Self.audit(db, actor: actor, action: "consumer.remove", subject: name, detail: "", at: at)
            return existing
        }
    }

    /// Makes the consumers of `origin` exactly `declared`: new ones are added, changed ones
    /// updated (keeping their cursors), and those no longer declared removed. A declared name
    /// that exists with another origin is taken over. Changes are audited by `actor`.
    public func reconcileConsumers(origin: ConsumerRecord.Origin, declared: [ConsumerRecord], actor: String, at: EpochMillis) throws {
        try pool.write { db in
            let existing = try Row.fetchAll(db, sql: "SELECT * FROM consumers").map(Self.consumer(from:))
            let byName = Dictionary(existing.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let keep = Set(declared.map(\.name))
            for stale in existing where stale.origin == origin && !keep.contains(stale.name) {
                try db.execute(sql: "DELETE FROM consumers WHERE name = ?", arguments: [stale.name])
                try Self.audit(db, actor: actor, action: "consumer.remove", subject: stale.name, detail: "no longer declared", at: at)
            }
            for var consumer in declared {
                consumer.origin = origin
                if let current = byName[consumer.name] {
                    consumer.createdAt = current.createdAt
                    guard current != consumer else { continue }
                    try Self.refuseTokenInUse(consumer, db: db)
                    try db.execute(
                        sql: "UPDATE consumers SET scopes = ?, token_sha256 = ?, required = ?, origin = ? WHERE name = ?",
                        arguments: [consumer.scopes.joined(separator: ","), consumer.tokenSHA256, consumer.required, origin.rawValue, consumer.name])
                    try Self.audit(db, actor: actor, action: "consumer.update", subject: consumer.name, detail: Self.detail(consumer), at: at)
                } else {
                    try Self.refuseTokenInUse(consumer, db: db)
                    try Self.insert(consumer, db: db)
                    try Self.audit(db, actor: actor, action: "consumer.add", subject: consumer.name, detail: Self.detail(consumer), at: at)
                }
            }
        }
    }

    /// A consumer's cursors, by stream.
    public func cursors(of consumer: String) throws -> [ConsumerCursor] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT stream, cursor, committed_at FROM consumer_cursors WHERE consumer = ? ORDER BY stream", arguments: [consumer])
                .map { ConsumerCursor(stream: $0["stream"], cursor: $0["cursor"], committedAt: $0["committed_at"]) }
        }
    }

    /// Records durably (the WAL flushed before it returns) that `consumer` has processed `stream`
    /// up to `cursor`. Cursors only move forward: a late retry of an older commit changes nothing.
    public func commitCursor(consumer: String, stream: String, cursor: Int64, at: EpochMillis) throws -> CursorCommitOutcome {
        defer { flusher.flushNow() }
        return try pool.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM consumers WHERE name = ?", arguments: [consumer]) != nil else {
                return .unknownConsumer
            }
            let current = try Int64.fetchOne(
                db, sql: "SELECT cursor FROM consumer_cursors WHERE consumer = ? AND stream = ?", arguments: [consumer, stream])
            if let current {
                if current == cursor { return .unchanged }
                if current > cursor { return .behind(current: current) }
            }
            try db.execute(
                sql: """
                    INSERT INTO consumer_cursors (consumer, stream, cursor, committed_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(consumer, stream) DO UPDATE SET cursor = excluded.cursor, committed_at = excluded.committed_at
                    """,
                arguments: [consumer, stream, cursor, at])
            return .committed
        }
    }

    /// Per stream, the lowest cursor among the required consumers that may read it (0 for one
    /// that never committed): purge must not remove records after it. `readers` maps each stream
    /// to the scopes that grant reading it; streams no required consumer reads are absent.
    public func requiredCursors(readers: [String: Set<String>]) throws -> [String: Int64] {
        try pool.read { db in
            let required = try Row.fetchAll(db, sql: "SELECT * FROM consumers WHERE required = 1").map(Self.consumer(from:))
            var horizons: [String: Int64] = [:]
            for (stream, scopes) in readers {
                for consumer in required where !scopes.isDisjoint(with: consumer.scopes) {
                    let cursor = try Int64.fetchOne(
                        db, sql: "SELECT cursor FROM consumer_cursors WHERE consumer = ? AND stream = ?",
                        arguments: [consumer.name, stream]) ?? 0
                    horizons[stream] = min(horizons[stream] ?? .max, cursor)
                }
            }
            return horizons
        }
    }

    private static func insert(_ consumer: ConsumerRecord, db: Database) throws {
        try db.execute(
            sql: "INSERT INTO consumers (name, scopes, token_sha256, required, origin, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                consumer.name, consumer.scopes.joined(separator: ","), consumer.tokenSHA256, consumer.required,
                consumer.origin.rawValue, consumer.createdAt,
            ])
    }

    private static func refuseTokenInUse(_ consumer: ConsumerRecord, db: Database) throws {
        let holder = try String.fetchOne(
            db, sql: "SELECT name FROM consumers WHERE token_sha256 = ? AND name != ?", arguments: [consumer.tokenSHA256, consumer.name])
        if let holder {
            throw ConsumerStoreError(.tokenInUse, "consumer \(consumer.name) has the same token as \(holder); give each consumer its own token")
        }
    }

    /// Audit detail: scopes and whether it is required; never the token or its hash.
    private static func detail(_ consumer: ConsumerRecord) -> String {
        "scopes=\(consumer.scopes.joined(separator: ",")) required=\(consumer.required) origin=\(consumer.origin.rawValue)"
    }

    static func consumer(from row: Row) -> ConsumerRecord {
        ConsumerRecord(
            name: row["name"], scopes: (row["scopes"] as String).split(separator: ",").map(String.init),
            tokenSHA256: row["token_sha256"], required: row["required"],
            origin: ConsumerRecord.Origin(rawValue: row["origin"]) ?? .api, createdAt: row["created_at"])
    }
}
