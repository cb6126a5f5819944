import Foundation
import GRDB

/// Fills a stopped gateway's `buffer.sqlite` with a month of telemetry, as a site whose platform
/// has not pulled for 30 days would have it, so that time to READY=1 is measured against a buffer
/// of honest size.
///
/// The size: every registered device (5,000) reporting once every 10 minutes for 30 days, 21.6 M
/// rows, about 4 GiB. A real site reports unevenly (radars every few seconds, call buttons once a
/// day), but the total for a 100–300-bed home is of this order. Rows go in through SQLite itself
/// (a recursive CTE), in the gateway's own schema, after the gateway created and migrated the file;
/// the rollback journal is used for the fill and WAL restored after, so the gateway opens the file
/// exactly as it left it, only bigger.
struct MonthOfData: Sendable {
    var devices: Int
    var wearables: Int
    var rowsPerDevicePerDay: Int
    var days = 30

    var rows: Int { devices * rowsPerDevicePerDay * days }

    var description: String {
        "\(devices) devices x \(rowsPerDevicePerDay) rows/day x \(days) days = \(rows) telemetry rows"
    }

    /// Appends the rows after the highest gateway sequence present; returns the file's size.
    func fill(buffer path: String, log: (String) -> Void) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        let step = Int64(86_400_000 / rowsPerDevicePerDay)
        let start = Int64(Date().timeIntervalSince1970 * 1000) - Int64(days) * 86_400_000
        let chunk = 2_000_000
        var done = 0
        while done < rows {
            let count = min(chunk, rows - done)
            try queue.inTransaction { db in
                let base = (try Int64.fetchOne(db, sql: "SELECT coalesce(max(gseq), 0) FROM telemetry") ?? 0) + 1
                try db.execute(
                    sql: """
                        WITH RECURSIVE n(i) AS (SELECT :first UNION ALL SELECT i + 1 FROM n WHERE i < :last)
                        INSERT INTO telemetry (gseq, device_id, kind, role, ts, stamped, seq, received_at, props)
                        SELECT :base + i - :first,
                            CASE WHEN i % :devices < :wearables THEN printf('w-%05d', i % :devices)
                                 ELSE printf('cb-%05d', i % :devices - :wearables) END,
                            CASE WHEN i % :devices < :wearables THEN 'wearable' ELSE 'call-button' END,
                            'telemetry', :start + (i / :devices) * :step, 0, i / :devices + 1,
                            :start + (i / :devices) * :step + 40,
                            '{"heart_rate":' || (60 + i % 30) || ',"spo2":' || (95 + i % 5) || ',"skin_temp":33.' || (i % 10)
                                || ',"steps":' || (i % 20000) || ',"battery":' || (40 + i % 60)
                                || ',"worn":true,"zone":"lounge","motion":"active"}'
                        FROM n
                        """,
                    arguments: [
                        "first": done, "last": done + count - 1, "base": base, "devices": devices, "wearables": wearables,
                        "start": start, "step": step,
                    ])
                return .commit
            }
            done += count
            log("  buffer fill: \(done) / \(rows) rows")
        }
        try queue.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? Int) ?? 0
    }
}
