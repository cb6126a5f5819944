import Foundation
import Synchronization

/// The real `caregated` binary under test, as a separate process against a real broker: started
/// with `NOTIFY_SOCKET` so that "ready" means what systemd means by it (connected and
/// subscribed), stopped with SIGTERM like systemd, or killed with SIGKILL like a crash.
public final class GatewayDaemon: Sendable {
    public let site: String
    public let stateDirectory: String
    public let alertLog: String
    public let directory: String
    public let arguments: [String]
    private let environment: [String: String]
    private let current = Mutex<(process: ChildProcess, notify: NotifySocket)?>(nil)
    private let starts = Mutex(0)

    /// Prepares a daemon for `broker` keeping its files in `directory`; `extraArguments` go after
    /// the standard ones (a later flag overrides an earlier one).
    public init(
        brokerURL: String, directory: String, site: String = "t1", devicesDirectory: String = Binaries.devicesDirectory,
        extraArguments: [String] = [], environment: [String: String] = [:]
    ) {
        self.site = site
        self.directory = directory
        stateDirectory = directory + "/state"
        alertLog = directory + "/alerts.jsonl"
        arguments = [
            "--broker", brokerURL, "--site", site, "--state-dir", stateDirectory, "--devices-dir", devicesDirectory,
            "--alert-log", alertLog, "--http", "127.0.0.1:0",
        ] + extraArguments
        self.environment = environment
    }

    /// Everything the current (or last) run printed.
    public var output: String {
        let count = starts.withLock { $0 }
        return (try? String(contentsOfFile: outputPath(count), encoding: .utf8)) ?? ""
    }

    /// The systemd notifications of the current run.
    public var notifications: [NotifySocket.Notification] { current.withLock { $0?.notify.notifications ?? [] } }

    /// The current run's notify socket.
    public var notifySocket: NotifySocket? { current.withLock { $0?.notify } }

    public var pid: Int32? { current.withLock { $0?.process.pid } }
    public var isRunning: Bool { current.withLock { $0?.process.isRunning ?? false } }

    /// Starts the daemon and waits until it reports READY=1; throws (with its output) if it exits
    /// or is not ready in time.
    public func start(timeout: Duration = .seconds(60), environment extra: [String: String] = [:]) async throws {
        let run = starts.withLock { count -> Int in
            count += 1
            return count
        }
        let notify = try NotifySocket(directory: directory, name: "notify-\(run).sock")
        var environment = self.environment.merging(extra) { _, new in new }
        environment["NOTIFY_SOCKET"] = notify.path
        let process = try ChildProcess(Binaries.daemon, arguments, outputPath: outputPath(run), environment: environment)
        current.withLock { $0 = (process, notify) }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if notify.contains("READY=1") { return }
            if !process.isRunning {
                throw ChildProcess.Failure(description: "caregated exited before it was ready:\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ChildProcess.Failure(description: "caregated was not ready within \(timeout):\n\(output)")
    }

    /// SIGTERM, then waits for the exit; returns the wait status (SIGKILL after `timeout`).
    @discardableResult
    public func stop(timeout: Duration = .seconds(30)) async -> Int32? {
        guard let process = current.withLock({ $0?.process }) else { return nil }
        process.signal(SIGTERM)
        return await process.wait(timeout: timeout)
    }

    /// SIGKILL, as a crash or power cut of the process would end it.
    public func kill() async {
        guard let process = current.withLock({ $0?.process }) else { return }
        process.signal(SIGKILL)
        await process.wait(timeout: .seconds(10))
    }

    /// Sends a signal (SIGHUP to reload).
    public func signal(_ signal: Int32) {
        current.withLock { $0?.process.signal(signal) }
    }

    /// The HTTP port the daemon bound (it is started with `--http 127.0.0.1:0`).
    public var httpPort: Int? {
        (try? String(contentsOfFile: stateDirectory + "/http.port", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    private func outputPath(_ run: Int) -> String { directory + "/caregated-\(run).log" }
}
