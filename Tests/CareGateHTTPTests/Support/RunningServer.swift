import CareGateHTTP
import CareGateTestSupport
import Logging
import ServiceLifecycle
import Synchronization

/// An `APIServer` running in a service group, as the daemon runs it, so a test ends it with a
/// graceful shutdown (open streams closed first) rather than by cancelling it.
final class RunningServer: Sendable {
    let server: APIServer
    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    private let bound: BoundPort

    init(_ server: APIServer) {
        self.server = server
        let bound = BoundPort()
        var logger = Logger(label: "caregate.test.group")
        logger.logLevel = .warning
        let group = ServiceGroup(services: [Serving(server: server, bound: bound)], logger: logger)
        self.group = group
        self.bound = bound
        running = Task { try await group.run() }
    }

    /// The bound port, once the server listens (generous: test machines are shared and busy).
    var port: Int {
        get async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if let port = bound.value.withLock({ $0 }) { return port }
                try await Task.sleep(for: .milliseconds(5))
            }
            throw HTTPTestClient.Failure(description: "the API server did not start within 60 s")
        }
    }

    /// Closes open streams and shuts the server down.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    private struct Serving: Service {
        let server: APIServer
        let bound: BoundPort

        func run() async throws {
            try await withGracefulShutdownHandler {
                try await server.run { port in bound.value.withLock { $0 = port } }
            } onGracefulShutdown: {
                server.closeStreams()
            }
        }
    }
}

/// Where the server's `onBound` leaves the port for the test.
private final class BoundPort: Sendable {
    let value = Mutex<Int?>(nil)
}
