import Foundation

/// One `caregated` run under a profiler (`perf record` or `valgrind --tool=callgrind`): start
/// (READY=1 on a notify socket), `messages` QoS 1 telemetry messages stored, SIGTERM, so the
/// profiler writes its data for the whole process life, all threads together.
struct ProfiledRun: Sendable {
    /// The profiler command line that goes before the daemon's own (its output file included).
    let profiler: [String]
    let environment: BenchEnvironment
    let messages: Int
    let name: String

    func run() async throws {
        try await environment.withBroker(name) { broker in
            let directory = environment.runDirectory + "/" + name
            environment.log("caregated under \(profiler[0]), \(messages) messages")
            let gateway = try await GatewayProcess(
                binary: try writeWrapper(in: directory), directory: directory, broker: broker, fleet: environment.fleet,
                devicesDirectory: environment.devicesDirectory, clientId: "caregate-profile")
            let probe = try BufferProbe(path: gateway.buffer)
            let sent = try await LoadPublisher(port: broker.port, clientId: "bench-load")
                .run(.init(topics: environment.telemetryTopics, count: messages, rate: nil, qos: 1))
            let stored = try await BenchEnvironment.waitForCount(expected: sent.sent, stall: .seconds(60), interval: .milliseconds(200)) {
                try probe.stored()
            }
            await gateway.stop()
            guard stored.count == sent.sent else {
                throw ChildProcess.Failure(description: "only \(stored.count) of \(sent.sent) messages stored under \(profiler[0])")
            }
        }
    }

    /// A script that execs the daemon under the profiler, so GatewayProcess starts and signals it
    /// like the daemon itself (`exec` keeps the pid; both profilers pass SIGTERM on).
    private func writeWrapper(in directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/caregated-profiled.sh"
        let command = (profiler + [environment.caregated]).map { "'\($0)'" }.joined(separator: " ")
        try "#!/bin/sh\nexec \(command) \"$@\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }
}
