import CareGateCore
import GRDB

/// A notice for the care home's IT staff (not a clinical alert): a device that registered itself
/// as unassigned, records purged because a byte budget forced it, a full disk.
public struct OperatorNotice: Sendable, Hashable, Codable {
    public var kind: String
    public var subject: String
    public var message: String
    public var raisedAt: EpochMillis
    public var clearedAt: EpochMillis?

    public init(kind: String, subject: String, message: String, raisedAt: EpochMillis, clearedAt: EpochMillis? = nil) {
        self.kind = kind
        self.subject = subject
        self.message = message
        self.raisedAt = raisedAt
        self.clearedAt = clearedAt
    }
}

extension ControlDatabase {
    /// Records a notice once per kind and subject; returns false if it was already raised and
    /// not cleared (so callers publish it only the first time).
    @discardableResult
    public func raiseNotice(_ notice: OperatorNotice) throws -> Bool {
        try pool.write { db in
            let open = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM operator_notices WHERE kind = ? AND subject = ? AND cleared_at IS NULL",
                arguments: [notice.kind, notice.subject]) ?? 0
            guard open == 0 else { return false }
            try db.execute(
                sql: """
                    INSERT INTO operator_notices (kind, subject, message, raised_at, cleared_at) VALUES (?, ?, ?, ?, NULL)
                    ON CONFLICT(kind, subject) DO UPDATE SET message = excluded.message, raised_at = excluded.raised_at, cleared_at = NULL
                    """,
                arguments: [notice.kind, notice.subject, notice.message, notice.raisedAt])
            return true
        }
    }

    /// Clears a notice (the condition went away); returns false if none was open.
    @discardableResult
    public func clearNotice(kind: String, subject: String, at: EpochMillis) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE operator_notices SET cleared_at = ? WHERE kind = ? AND subject = ? AND cleared_at IS NULL",
                arguments: [at, kind, subject])
            return db.changesCount > 0
        }
    }

    /// Notices not cleared, newest first.
    public func openNotices() throws -> [OperatorNotice] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM operator_notices WHERE cleared_at IS NULL ORDER BY raised_at DESC").map {
                OperatorNotice(kind: $0["kind"], subject: $0["subject"], message: $0["message"], raisedAt: $0["raised_at"], clearedAt: $0["cleared_at"])
            }
        }
    }
}
