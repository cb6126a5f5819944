import Glibc
import Synchronization

/// A child process (mosquitto, caregated, mosquitto_sub, the Python baseline) started with
/// `posix_spawn`, an empty signal mask and default handlers, so SIGTERM reaches it.
///
/// Copied in reduced form from the main package's test support (`Tests/CareGateTestSupport`),
/// which is not a product the benchmark package can depend on. Foundation's `Process`, started
/// from a libdispatch worker, would pass on a mask in which SIGTERM is blocked.
final class ChildProcess: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let pid: pid_t
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `path` with `arguments`; stdin is /dev/null, stdout and stderr go to `outputPath`
    /// (or /dev/null). `environment` is added to (and overrides) this process's environment.
    init(_ path: String, _ arguments: [String], outputPath: String? = nil, environment: [String: String] = [:]) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = Self.environment(adding: environment).map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawnp(&pid, path, &actions, &attributes, argv, envp)
        guard status == 0 else { throw Failure(description: "posix_spawn \(path): \(String(cString: strerror(status)))") }
        self.pid = pid
    }

    /// This process's environment with `overrides` applied; systemd's variables are dropped.
    private static func environment(adding overrides: [String: String]) -> [String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { variables[key] = nil }
        variables.merge(overrides) { _, new in new }
        return variables.map { "\($0.key)=\($0.value)" }
    }

    /// The wait status once the process has ended (reaping it), nil while it runs.
    func poll() -> Int32? {
        exitStatus.withLock { known in
            if let known { return known }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
            known = status
            return status
        }
    }

    var isRunning: Bool { poll() == nil }

    func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Waits for the end, polling; SIGKILL after `timeout`. Returns the wait status.
    @discardableResult
    func wait(timeout: Duration = .seconds(30)) async -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = poll() { return status }
            if ContinuousClock.now >= deadline { kill(pid, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// SIGTERM, then waits (SIGKILL after `timeout`).
    @discardableResult
    func stop(timeout: Duration = .seconds(60)) async -> Int32 {
        signal(SIGTERM)
        return await wait(timeout: timeout)
    }

    deinit {
        if poll() == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }
}
