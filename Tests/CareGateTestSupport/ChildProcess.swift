#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Foundation
import Synchronization

/// A child process for tests (a broker, a built binary), started so that it reacts to signals.
///
/// Foundation's `Process`, called from Swift concurrency, starts children with the signal mask of
/// the libdispatch worker thread it runs on, where SIGTERM is blocked: such a child ignores
/// `kill -TERM` until SIGKILL. This spawns with an empty mask and default handlers, so a test can
/// stop a broker or a daemon the way systemd does.
public final class ChildProcess: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public let pid: pid_t

    /// Starts `path` with `arguments`; stdin is /dev/null. Standard output goes to `outputPath`
    /// (default /dev/null); standard error to `standardErrorPath`, or to the output file when only
    /// that is given. `environment` is added to (and overrides) the test process's environment.
    public init(
        _ path: String, _ arguments: [String], standardErrorPath: String? = nil, outputPath: String? = nil,
        environment: [String: String] = [:]
    ) throws {
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
        if let outputPath {
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        if let standardErrorPath {
            posix_spawn_file_actions_addopen(&actions, 2, standardErrorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else if outputPath != nil {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = Self.environment(adding: environment).map { strdup($0) } + [nil]
        defer { envp.forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard status == 0 else { throw Failure(description: "posix_spawn \(path): \(String(cString: strerror(status)))") }
        self.pid = pid
    }

    /// The test process's environment with `overrides` applied, as `KEY=VALUE` strings. Variables
    /// systemd would set for a service (`NOTIFY_SOCKET`, `WATCHDOG_*`) are dropped unless overridden.
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

    private let exitStatus = Mutex<Int32?>(nil)

    /// The exit status once the process has ended (reaping it), nil while it runs.
    public func poll() -> Int32? {
        exitStatus.withLock { known in
            if let known { return known }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
            known = status
            return status
        }
    }

    public var isRunning: Bool { poll() == nil }

    /// The exit code in a wait status, or nil if the process was killed by a signal.
    public static func exitCode(_ status: Int32) -> Int32? {
        status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
    }

    /// The signal that killed the process, if one did.
    public static func terminationSignal(_ status: Int32) -> Int32? {
        let signal = status & 0x7F
        return signal != 0 && signal != 0x7F ? signal : nil
    }

    public func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Waits for the process to end, polling without blocking a thread; after `timeout` it is
    /// killed. Returns the wait status.
    @discardableResult
    public func wait(timeout: Duration = .seconds(5)) async -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = poll() { return status }
            if ContinuousClock.now >= deadline { kill(pid, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Runs a command (a CLI under test) to completion: its exit code (-1 if killed by a signal or
    /// timed out) and everything it printed.
    public static func run(
        _ path: String, _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(120)
    ) async throws -> (status: Int32, output: String) {
        let output = NSTemporaryDirectory() + "caregate-command-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { unlink(output) }
        let child = try ChildProcess(path, arguments, outputPath: output, environment: environment)
        let status = await child.wait(timeout: timeout)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return (exitCode(status) ?? -1, text)
    }

    deinit {
        if poll() == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }
}
