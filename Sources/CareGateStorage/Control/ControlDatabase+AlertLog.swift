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
                try db.cachedStatement(sql: "UPDATE alert_transitions SET published = 1 WHERE gseq = ?").execute(arguments: [seq])
            }
        }
    }

    /// The highest `seq` up to which every alert transition has been published on the site's
    /// broker (acknowledged by it): the upstream bridge forwards transitions only up to here, so a
    /// platform never learns of an alert before the local alerting did. 0 when none is.
    ///
    /// Within one read: transitions committed after it have higher sequence numbers, so reading
    /// `through` this value never includes one that was not yet published.
    static func publishedTransitionsThrough(_ db: Database) throws -> Int64 {
        if let unpublished = try Int64.fetchOne(db, sql: "SELECT min(gseq) FROM alert_transitions WHERE published = 0") {
            return unpublished - 1
        }
        return try Int64.fetchOne(db, sql: "SELECT max(gseq) FROM alert_transitions") ?? 0
    }

    /// The highest gateway sequence in this database.
    public func highestSequence() throws -> Int64 {
        try pool.read { db in
            max(try Int64.fetchOne(db, sql: "SELECT max(gseq) FROM alert_transitions") ?? 0, try Self.highestAssetSequence(db))
        }
    }
}
