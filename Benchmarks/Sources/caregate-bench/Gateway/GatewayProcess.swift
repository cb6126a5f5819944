import Foundation

/// One run of the real `caregated` release binary: its own directory, configuration file and state
/// directory, the bench fleet as registry seed, started under a `NOTIFY_SOCKET` so "ready" is
/// systemd's READY=1, stopped with SIGTERM.
final class GatewayProcess: Sendable {
    let directory: String
    let configurationPath: String
    let stateDirectory: String
    private let binary: String
    private let process: ChildProcess
    private let notify: NotifySocket
    /// Nanoseconds from spawning the process to READY=1.
    let startupNanos: UInt64

    /// Writes the configuration (and the registry seed, unless an earlier run in the same directory
    /// did) and starts the daemon; returns once it is ready. A directory an earlier run left keeps
    /// its state, which is how the startup phase restarts a gateway with a month of data.
    init(binary: String, directory: String, broker: BenchBroker, fleet: BenchFleet, devicesDirectory: String, clientId: String) async throws {
        self.binary = binary
        self.directory = directory
        configurationPath = directory + "/caregate.yaml"
        stateDirectory = directory + "/state"
        let seedPath = directory + "/devices.yaml"
        let files = FileManager.default
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if !files.fileExists(atPath: seedPath) {
            try fleet.registrySeedYAML().write(toFile: seedPath, atomically: true, encoding: .utf8)
        }
        let configuration = """
            site: \(fleet.site)
            state_dir: \(stateDirectory)
            devices_dir: \(devicesDirectory)
            registry_seed: \(seedPath)
            alert_log: \(directory)/alerts.jsonl
            broker:
              url: \(broker.url)
              client_id: \(clientId)
            http:
              listen: 127.0.0.1:0
            alerts:
              rules:
                # Falls are confirmed after 60 s by default: a re-notification per sampled fall that
                # would land in the next latency scenario. The benchmark measures the raise.
                fall:
                  confirm_after_s: 3600
                  long_lie_after_s: 7200
            log:
              level: warning

            """
        try configuration.write(toFile: configurationPath, atomically: true, encoding: .utf8)
        notify = try NotifySocket(path: directory + "/notify.sock")
        let spawned = Clock.monotonic()
        process = try ChildProcess(
            binary, ["--config", configurationPath], outputPath: directory + "/caregated-\(Clock.wall()).log",
            environment: ["NOTIFY_SOCKET": notify.path])
        let deadline = spawned + 120_000_000_000
        while notify.ready == nil {
            if !process.isRunning {
                throw ChildProcess.Failure(description: "caregated exited before READY=1; see \(directory)")
            }
            guard Clock.monotonic() < deadline else { throw ChildProcess.Failure(description: "caregated not ready within 120 s") }
            try await Task.sleep(for: .milliseconds(1))
        }
        startupNanos = notify.ready! - spawned
    }

    var pid: Int32 { process.pid }
    var stats: ProcessStats? { ProcessStats.read(pid: process.pid) }
    var buffer: String { stateDirectory + "/buffer.sqlite" }

    /// SIGTERM and wait for the graceful stop (the writer stores what the journal holds).
    func stop() async {
        await process.stop(timeout: .seconds(120))
    }
}
