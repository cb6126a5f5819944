import CareGateCore
import CareGateHTTP
import CareGateStorage
import Foundation
import Logging
import ServiceLifecycle

/// The HTTP API as one of the gateway's services (pass it to `Gateway.run(extraServices:)`).
///
/// It binds `http.listen`, writes the bound port to `<state_dir>/http.port` (the CLI and tests
/// read it; with port 0 it is the only way to know), samples the ingest counters for the status
/// screen, and on graceful shutdown first ends the SSE and NDJSON streams, then lets Hummingbird
/// finish the requests in flight. It stops before the alert core, whose transitions it serves.
public struct HTTPService: Service, ReadinessPrerequisite {
    let server: APIServer
    let portFile: String
    let sampler: IngestRateSampler
    let buffer: BufferDatabase
    let clock: any GatewayClock
    let logger: Logger
    private let serving = ServingGate()

    /// How often the ingest counters are sampled for rates.
    static let sampleInterval: Duration = .seconds(5)

    init(server: APIServer, portFile: String, sampler: IngestRateSampler, buffer: BufferDatabase, clock: any GatewayClock, logger: Logger) {
        self.server = server
        self.portFile = portFile
        self.sampler = sampler
        self.buffer = buffer
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        defer { unlink(portFile) }
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await sampleCounters() }
                try await server.run { port in
                    do {
                        try "\(port)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
                    } catch {
                        logger.error("could not write the HTTP port file", metadata: ["path": "\(portFile)", "error": "\(error)"])
                    }
                    logger.info("HTTP API listening", metadata: ["host": "\(server.configuration.host)", "port": "\(port)"])
                    serving.open()
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            server.closeStreams()
        }
    }

    public func waitUntilServing() async {
        await serving.wait()
    }

    /// Samples the buffer's counters until cancelled.
    private func sampleCounters() async {
        while !Task.isCancelled {
            if let counters = try? await BlockingIO.run({ [buffer] in try buffer.counters() }) {
                sampler.record(counters, at: clock.now())
            }
            try? await Task.sleep(for: Self.sampleInterval)
        }
    }
}
