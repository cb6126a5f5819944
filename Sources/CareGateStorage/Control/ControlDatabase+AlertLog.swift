import CareGateCore
import Foundation
import GRDB

extension ControlDatabase {
    /// Transitions after `seq`, in sequence order: the alert log catch-up after a restart, and the
    /// `/v1/alerts/log` feed.
    public func transitions(after seq: Int64, limit: Int = 1000) throws -> [AlertTransition] {
        let decoder = JSONDecoder()
        return try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM alert_transitions WHERE gseq > ? ORDER BY gseq LIMIT ?", arguments: [seq, limit])
                .map { try decoder.decode(AlertTransition.self, from: Data($0.utf8)) }
        }
    }

    /// Transitions the broker has not acknowledged yet (to publish again after a restart).
    public func unpublishedTransitions(limit: Int = 1000) throws -> [AlertTransition] {
        let decoder = JSONDecoder()
        return try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM alert_transitions WHERE published = 0 ORDER BY gseq LIMIT ?", arguments: [limit])
                .map { try decoder.decode(AlertTransition.self, from: Data($0.utf8)) }
        }
    }

    /// Marks transitions as acknowledged by the broker.
    public func markPublished(_ seqs: [Int64]) throws {
        guard !seqs.isEmpty else { return }
        try pool.write { db in
            for seq in seqs {
                try db.execute(sql: "UPDATE alert_transitions SET published = 1 WHERE gseq = ?", arguments: [seq])
            }
        }
    }

    /// The highest gateway sequence in this database.
    public func highestSequence() throws -> Int64 {
        try pool.read { db in
            max(try Int64.fetchOne(db, sql: "SELECT max(gseq) FROM alert_transitions") ?? 0, try Self.highestAssetSequence(db))
        }
    }
}
