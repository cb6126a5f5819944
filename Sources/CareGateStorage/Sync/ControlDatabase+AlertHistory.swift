import GRDB

extension ControlDatabase {
    /// Which stored alerts to list.
    public enum AlertHistoryFilter: String, Sendable, CaseIterable {
        case open
        case resolved
        case all
    }

    /// Stored alert snapshots (the engine's JSON), newest raised first.
    public func alertSnapshots(_ filter: AlertHistoryFilter, limit: Int) throws -> [String] {
        let condition = switch filter {
        case .open: "WHERE open = 1"
        case .resolved: "WHERE open = 0"
        case .all: ""
        }
        return try pool.read { db in
            try String.fetchAll(db, sql: "SELECT snapshot FROM alerts \(condition) ORDER BY raised_at DESC, id LIMIT ?", arguments: [limit])
        }
    }

    /// One stored alert snapshot, open or resolved.
    public func alertSnapshot(id: String) throws -> String? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT snapshot FROM alerts WHERE id = ?", arguments: [id])
        }
    }

    /// Every transition of one alert, in sequence order: its response-time history.
    public func transitions(ofAlert id: String) throws -> [AlertLogRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT gseq, body FROM alert_transitions WHERE alert_id = ? ORDER BY gseq", arguments: [id])
                .map { AlertLogRecord(seq: $0["gseq"], body: $0["body"]) }
        }
    }
}
