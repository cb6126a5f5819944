#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Starts `path` with `arguments`; stdin and stdout are /dev/null, stderr goes to
    /// `standardErrorPath` when given.
    public init(_ path: String, _ arguments: [String], standardErrorPath: String? = nil) throws {
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
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, standardErrorPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard status == 0 else { throw Failure(description: "posix_spawn \(path): \(String(cString: strerror(status)))") }
        self.pid = pid
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

    deinit {
        if poll() == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }
}
