#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts the one OS thread that owns a client's connection.
///
/// A dedicated thread rather than Dispatch or the cooperative pool: `mosquitto_loop` blocks in
/// `select` and `mosquitto_connect` blocks in `connect`, which would starve Swift concurrency's
/// few threads on a 2-core box. The thread is detached; the client learns that it has finished
/// from its last act (resuming whoever waits in `stop`).
enum NetworkThread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Runs `run` on a new detached thread.
    static func start(_ run: @escaping @Sendable () -> Void) throws(MQTTError) {
        let body = Unmanaged.passRetained(Body(run))
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            guard let context else { return nil }
            Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, body.toOpaque())
        guard status == 0 else {
            body.release()
            throw MQTTError(code: .errno, message: String(cString: strerror(status)), context: "pthread_create")
        }
    }
}
