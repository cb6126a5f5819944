import GRDB
import GRDBSQLite

/// The one place CareGate calls SQLite's C API directly: binding and stepping a GRDB cached
/// statement on the bulk write path, where building `StatementArguments` per row would cost an
/// allocation for every value (the measured difference is ~225k vs ~76k rows/s).
///
/// Valid only inside the GRDB access closure that produced the statement.
struct RawStatement {
    private let handle: OpaquePointer
    private let statement: Statement

    /// SQLite copies bound text and blobs immediately (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: Statement) {
        self.statement = statement
        self.handle = statement.sqliteStatement
    }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Bool) {
        sqlite3_bind_int(handle, index, value ? 1 : 0)
    }

    func bind(_ index: Int32, _ value: String?) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { text in
            _ = sqlite3_bind_text(handle, index, text.baseAddress, Int32(text.count), Self.transient)
        }
    }

    func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        sqlite3_bind_text(handle, index, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), Self.transient)
    }

    func bindBlob(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
    }

    /// Runs the statement once and resets it for the next row.
    func step(_ db: Database) throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql)
        }
    }
}
