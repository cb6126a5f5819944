import GRDB

/// Keeps a database file's size bounded: incremental vacuum gives the pages purge freed back to
/// the file system, a TRUNCATE checkpoint empties the WAL, and `dbstat` says what each table
/// occupies.
enum SQLiteFileSpace {
    /// Makes the file `auto_vacuum = INCREMENTAL`. Setting the mode alone only works on a file
    /// with no page yet; switching to WAL (which the pool does on open) already writes one, so
    /// the mode is applied with a VACUUM: instant for a new file, a one-time rebuild at start for
    /// a file created without it (both databases before retention existed).
    static func enableIncrementalVacuum(_ pool: DatabasePool) throws {
        try pool.writeWithoutTransaction { db in
            guard try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") != 2 else { return }
            try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            if try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") != 2 { try db.execute(sql: "VACUUM") }
        }
    }

    /// Bytes of each table with its indexes, by table name (pages in use, from `dbstat`).
    static func tableBytes(_ db: Database) throws -> [String: Int64] {
        var owners: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')") {
            owners[row["name"]] = row["tbl_name"]
        }
        var bytes: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, pgsize FROM dbstat WHERE aggregate = 1") {
            guard let owner = owners[row["name"] as String] else { continue }
            bytes[owner, default: 0] += row["pgsize"] as Int64
        }
        return bytes
    }

    /// Returns free pages to the file system and truncates the WAL. A checkpoint that meets a
    /// long reader gives up (the next pass retries); the WAL is then only reused, not truncated.
    static func compact(_ pool: DatabasePool) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA incremental_vacuum")
            _ = try? db.checkpoint(.truncate)
        }
    }
}
