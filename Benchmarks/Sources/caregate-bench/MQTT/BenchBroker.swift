import Foundation

/// A real mosquitto on a free loopback port with the queue and flow settings of the configuration
/// CareGate ships (`packaging/mosquitto/caregate.conf`): most importantly `max_queued_messages` far
/// above mosquitto's default of 1000, with which a QoS 1 subscriber that falls behind loses
/// messages at the broker (quality.md measured 24 % of 500k), and `max_inflight_messages 1000`,
/// matching the gateway's `broker.max_inflight`. Listener, authentication and paths are the
/// benchmark's own (anonymous on 127.0.0.1, a scratch directory).
///
/// Each phase gets a fresh broker, so no persistent session or queue from an earlier phase costs
/// the broker anything while the next one is measured.
final class BenchBroker: Sendable {
    let port: Int
    let directory: String
    private let process: ChildProcess

    private init(port: Int, directory: String, process: ChildProcess) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    var url: String { "mqtt://127.0.0.1:\(port)" }
    var pid: Int32 { process.pid }

    /// The shipped configuration's settings that shape throughput and queueing.
    static let tuningKeys: Set<String> = [
        "persistence", "autosave_interval", "max_queued_messages", "max_queued_bytes", "max_inflight_messages",
        "message_size_limit", "set_tcp_nodelay",
    ]

    /// The tuning lines of `packaging/mosquitto/caregate.conf`, or the same values if it is absent.
    static func shippedTuning() -> [String] {
        let path = CareGateBench.repositoryDirectory + "/packaging/mosquitto/caregate.conf"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return [
                "persistence true", "autosave_interval 60", "max_queued_messages 1000000", "max_queued_bytes 268435456",
                "max_inflight_messages 1000", "message_size_limit 65536", "set_tcp_nodelay true",
            ]
        }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { line in line.split(separator: " ").first.map { tuningKeys.contains(String($0)) } ?? false }
    }

    static func configuration(port: Int, directory: String) -> String {
        var lines = [
            "per_listener_settings false",
            "listener \(port) 127.0.0.1",
            "allow_anonymous true",
            "persistence_location \(directory)/",
            "log_dest file \(directory)/mosquitto.log",
            "log_type error",
            "log_type warning",
            // Subscriptions are logged so a phase can tell when mosquitto_sub is subscribed.
            "log_type subscribe",
        ] + shippedTuning()
        // As root, mosquitto would switch to user `mosquitto`, which cannot write the directory.
        if geteuid() == 0 { lines.append("user root") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Starts a broker in `directory` and returns once it accepts connections.
    static func start(in directory: String) async throws -> BenchBroker {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let port = try FreePort.loopback()
        let path = directory + "/mosquitto.conf"
        try configuration(port: port, directory: directory).write(toFile: path, atomically: true, encoding: .utf8)
        let process = try ChildProcess(executable(), ["-c", path], outputPath: directory + "/mosquitto.out")
        let deadline = ContinuousClock.now + .seconds(5)
        while !FreePort.isAccepting(port) {
            if process.poll() != nil {
                let output = (try? String(contentsOfFile: directory + "/mosquitto.out", encoding: .utf8)) ?? ""
                throw ChildProcess.Failure(description: "mosquitto exited: \(output)")
            }
            guard ContinuousClock.now < deadline else { throw ChildProcess.Failure(description: "mosquitto did not listen within 5 s") }
            try await Task.sleep(for: .milliseconds(5))
        }
        return BenchBroker(port: port, directory: directory, process: process)
    }

    func stop() async {
        await process.stop(timeout: .seconds(10))
    }

    private static func executable() -> String {
        ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto"]
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "mosquitto"
    }
}
