import CareGateCore
import Foundation
import Synchronization

/// Fans live alert transitions out to listeners (the SSE stream of the HTTP API). A listener that
/// cannot keep up loses the oldest buffered transitions rather than slowing the outputs; it can
/// always re-read the durable log from its cursor.
final class AlertBroadcast: Sendable {
    private let listeners = Mutex<[UUID: AsyncStream<AlertTransition>.Continuation]>([:])

    /// A stream of every transition from now on; it ends when the caller stops iterating.
    func subscribe(bufferLimit: Int = 1024) -> AsyncStream<AlertTransition> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<AlertTransition>.makeStream(bufferingPolicy: .bufferingNewest(bufferLimit))
        continuation.onTermination = { [weak self] _ in
            _ = self?.listeners.withLock { $0.removeValue(forKey: id) }
        }
        listeners.withLock { $0[id] = continuation }
        return stream
    }

    func send(_ transition: AlertTransition) {
        let current = listeners.withLock { Array($0.values) }
        for continuation in current { continuation.yield(transition) }
    }

    /// Ends every stream (shutdown).
    func finish() {
        let current = listeners.withLock { listeners in
            defer { listeners.removeAll() }
            return Array(listeners.values)
        }
        for continuation in current { continuation.finish() }
    }

    var listenerCount: Int { listeners.withLock { $0.count } }
}
