import Synchronization

/// Ends long-lived responses (SSE, NDJSON) when the gateway stops.
///
/// Hummingbird's graceful shutdown stops accepting connections and then waits for open ones to
/// finish; an SSE client never hangs up by itself, so without this the shutdown would wait out
/// its whole grace period. Streams register a handler; `close()` runs them all once.
final class StreamShutdown: Sendable {
    private struct State {
        var closed = false
        var next = 0
        var handlers: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    /// Registers `handler` to run at shutdown and returns its key; when the shutdown has already
    /// begun, runs it at once and returns nil.
    func register(_ handler: @escaping @Sendable () -> Void) -> Int? {
        let key = state.withLock { state -> Int? in
            guard !state.closed else { return nil }
            state.next += 1
            state.handlers[state.next] = handler
            return state.next
        }
        if key == nil { handler() }
        return key
    }

    func unregister(_ key: Int) {
        _ = state.withLock { $0.handlers.removeValue(forKey: key) }
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    /// Runs every registered handler, outside the lock (a handler may finish a stream whose
    /// termination unregisters it).
    func close() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            state.closed = true
            defer { state.handlers.removeAll() }
            return Array(state.handlers.values)
        }
        for handler in handlers { handler() }
    }
}
