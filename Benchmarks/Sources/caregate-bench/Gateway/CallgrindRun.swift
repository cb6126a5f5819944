import Foundation

/// One `caregated` run under `valgrind --tool=callgrind`: start (READY=1 on a notify socket),
/// `messages` QoS 1 telemetry messages stored, SIGTERM; returns the instructions callgrind counted
/// over the whole process life, all threads together.
struct CallgrindRun: Sendable {
    let environment: BenchEnvironment
    let messages: Int
    let profile: String

    func run() async throws -> Int {
        let name = "callgrind-\(messages)"
        return try await environment.withBroker(name) { broker in
            let directory = environment.runDirectory + "/" + name
            environment.log("caregated under callgrind, \(messages) messages (start-up alone takes a while)")
            let wrapper = try writeWrapper(in: directory)
            let gateway = try await GatewayProcess(
                binary: wrapper, directory: directory, broker: broker, fleet: environment.fleet,
                devicesDirectory: environment.devicesDirectory, clientId: "caregate-callgrind")
            let probe = try BufferProbe(path: gateway.buffer)
            let sent = try await LoadPublisher(port: broker.port, clientId: "bench-load")
                .run(.init(topics: environment.telemetryTopics, count: messages, rate: nil, qos: 1))
            let stored = try await BenchEnvironment.waitForCount(expected: sent.sent, stall: .seconds(60), interval: .milliseconds(200)) {
                try probe.stored()
            }
            guard stored.count == sent.sent else {
                throw ChildProcess.Failure(description: "only \(stored.count) of \(sent.sent) messages stored under callgrind")
            }
            await gateway.stop()
            return try totalInstructions()
        }
    }

    /// A script that execs caregated under callgrind, so GatewayProcess starts it like the daemon.
    /// Collection of instruction counts only (no cache simulation) keeps the slowdown near 50x.
    private func writeWrapper(in directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/caregated-callgrind.sh"
        let script = """
            #!/bin/sh
            exec valgrind --tool=callgrind --callgrind-out-file=\(profile) --trace-children=no \(environment.caregated) "$@"

            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    /// The `totals:` (or `summary:`) line of the profile.
    private func totalInstructions() throws -> Int {
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        for line in text.split(separator: "\n") where line.hasPrefix("totals:") || line.hasPrefix("summary:") {
            if let value = line.split(separator: " ").last.flatMap({ Int($0) }) { return value }
        }
        throw ChildProcess.Failure(description: "no totals in \(profile)")
    }
}
