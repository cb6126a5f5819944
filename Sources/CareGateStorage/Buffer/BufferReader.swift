import CareGateCore
import GRDB

/// Read-only access to a `buffer.sqlite` that a running daemon writes (WAL lets both proceed).
/// For the CLI: it never migrates or writes.
public struct BufferReader: Sendable {
    let queue: DatabaseQueue

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    public func tally() throws -> BufferTally {
        try queue.read { db in try BufferDatabase.tally(db) }
    }

    public func counters() throws -> [String: Int64] {
        try queue.read { db in try BufferDatabase.counters(db) }
    }
}
