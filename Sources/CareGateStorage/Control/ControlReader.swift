import CareGateCore
import GRDB

/// Read-only access to `alerts.sqlite` for the CLI (replay, offline inspection); never migrates or
/// writes, and works while the daemon runs.
public struct ControlReader: Sendable {
    private let queue: DatabaseQueue

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Devices, residents and observed statuses.
    public func registry() throws -> (devices: [DeviceRecord], residents: [ResidentRecord], statuses: [String: DeviceStatus]) {
        try queue.read(ControlDatabase.loadRegistry)
    }

    /// Alerts raised between `from` and `to`, per rule: what the site actually got.
    public func raisedCounts(from: EpochMillis, to: EpochMillis) throws -> [String: Int] {
        try queue.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT rule, count(*) AS n FROM alerts WHERE raised_at BETWEEN ? AND ? GROUP BY rule", arguments: [from, to])
            {
                counts[row["rule"]] = row["n"]
            }
            return counts
        }
    }
}
