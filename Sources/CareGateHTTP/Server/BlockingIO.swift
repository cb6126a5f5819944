import Dispatch

/// Runs a blocking storage call (a GRDB write with its fsync, a registry save) on a dispatch
/// queue and awaits it, so request handlers never block a thread of Swift's cooperative pool.
public enum BlockingIO {
    private static let queue = DispatchQueue(label: "caregate.http.io", qos: .utility, attributes: .concurrent)

    public static func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
