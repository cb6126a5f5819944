import GRDB

/// Reads how many messages the gateway has stored, from `buffer.sqlite`'s persistent ingest
/// counters (`stored.telemetry`, `stored.events`), which the bulk writer updates in the same
/// transaction as the rows. The full path's rate is therefore measured at its very end: durable
/// in SQLite, not merely received.
final class BufferProbe: Sendable {
    private let queue: DatabaseQueue

    init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Telemetry rows plus event rows stored so far.
    func stored() throws -> Int {
        try queue.read { db in
            try Int.fetchOne(
                db, sql: "SELECT coalesce(sum(value), 0) FROM ingest_counters WHERE name IN ('stored.telemetry', 'stored.events')") ?? 0
        }
    }
}
