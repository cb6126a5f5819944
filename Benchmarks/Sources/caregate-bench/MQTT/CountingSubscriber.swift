import Synchronization

/// The broker's own limit: a subscriber that does nothing but count, on libmosquitto's network
/// thread, noting the wall-clock time of its first and last message.
final class CountingSubscriber: Sendable {
    private struct Tally {
        var count = 0
        var first: UInt64 = 0
        var last: UInt64 = 0
    }

    /// Shared with the network thread's handler, which is formed before `self` exists.
    private final class Shared: Sendable {
        let tally = Mutex(Tally())
    }

    private let shared = Shared()
    private let connection: MosquittoConnection

    init(port: Int, filter: String, qos: Int32) throws {
        let shared = self.shared
        connection = try MosquittoConnection(clientId: "bench-counter", port: port) { _, _ in
            let now = Clock.wall()
            shared.tally.withLock { tally in
                if tally.count == 0 { tally.first = now }
                tally.count += 1
                tally.last = now
            }
        }
        try connection.startNetworkThread()
        try connection.subscribe(filter, qos: qos)
    }

    var count: Int { shared.tally.withLock { $0.count } }
    var lastWall: UInt64 { shared.tally.withLock { $0.last } }

    func disconnect() { connection.disconnect() }
}
