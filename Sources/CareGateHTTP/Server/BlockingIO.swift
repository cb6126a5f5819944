import Dispatch

/// Runs a blocking storage call (a GRDB write with its fsync, a registry save) on a dispatch
/// queue and awaits it, so request handlers never block a thread of Swift's cooperative pool.
///
/// The queue is serial on purpose: libdispatch runs a serial queue on an overcommit thread, while
/// the threads of a concurrent queue come from a pool capped at the number of CPUs, where a few
/// blocked calls would starve every other piece of dispatch work in the process. Storage writes
/// are serialised by SQLite anyway.
public enum BlockingIO {
    private static let queue = DispatchQueue(label: "caregate.http.io", qos: .utility)

    public static func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await run(on: queue, body)
    }

    /// Runs `body` on `queue`: for long jobs (a retention pass) that must not hold up the API's
    /// short storage calls.
    public static func run<Value: Sendable>(
        on queue: DispatchQueue, _ body: @escaping @Sendable () throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
