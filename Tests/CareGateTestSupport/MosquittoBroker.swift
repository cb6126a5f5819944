import CareGateMQTT
import Foundation
import Synchronization

/// A real mosquitto on 127.0.0.1 and a free port, in its own temporary directory, for tests.
///
/// It persists sessions and queued QoS 1 messages to its directory, so `restart()` behaves like a
/// production broker coming back (a persistent session resumes, messages queued for it survive),
/// and it queues without limit for a slow subscriber (`max_queued_messages 0`): with mosquitto's
/// default of 1000 a QoS 1 subscriber that falls behind loses messages at the broker, which would
/// hide the gateway's own losses. The process is killed when the broker object goes away, so a
/// failing test does not leave brokers behind.
public final class MosquittoBroker: Sendable {
    /// Broker settings beyond the defaults, for security tests.
    public struct Options: Sendable {
        /// Username → password. Non-empty: a password file is written and anonymous access is off.
        public var passwords: [String: String]
        /// Contents of an ACL file (`user NAME` / `topic read|write|readwrite FILTER` lines).
        public var aclRules: String?
        /// A second listener that speaks TLS.
        public var tls: TLSListener?
        public var maxInflightMessages: Int
        /// 0 is unlimited, which mosquitto 2.0.11 accepts.
        public var maxQueuedMessages: Int
        /// Extra lines appended verbatim to the generated configuration.
        public var extraConfiguration: [String]

        public init(
            passwords: [String: String] = [:],
            aclRules: String? = nil,
            tls: TLSListener? = nil,
            maxInflightMessages: Int = 100,
            maxQueuedMessages: Int = 0,
            extraConfiguration: [String] = []
        ) {
            self.passwords = passwords
            self.aclRules = aclRules
            self.tls = tls
            self.maxInflightMessages = maxInflightMessages
            self.maxQueuedMessages = maxQueuedMessages
            self.extraConfiguration = extraConfiguration
        }
    }

    /// PEM files for a TLS listener.
    public struct TLSListener: Sendable {
        public var caFile: String
        public var certificateFile: String
        public var keyFile: String
        public var requireClientCertificate: Bool

        public init(caFile: String, certificateFile: String, keyFile: String, requireClientCertificate: Bool = false) {
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.requireClientCertificate = requireClientCertificate
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The plain MQTT port on 127.0.0.1.
    public let port: Int
    /// The TLS port on 127.0.0.1, when `Options.tls` was given.
    public let tlsPort: Int?
    /// The broker's temporary directory: configuration, persistence, log.
    public let directory: String
    public var configurationPath: String { directory + "/mosquitto.conf" }
    /// mosquitto's own log, for debugging a failing test.
    public var logPath: String { directory + "/mosquitto.log" }
    /// `mqtt://127.0.0.1:PORT`.
    public var url: BrokerURL { BrokerURL(host: "127.0.0.1", port: port, usesTLS: false) }

    private let process = Mutex<ChildProcess?>(nil)
    /// The broker's ports while it is stopped, so that `restart()` gets them back.
    private let portHolds = Mutex<[PortHold]>([])

    private init(port: Int, tlsPort: Int?, directory: String) {
        self.port = port
        self.tlsPort = tlsPort
        self.directory = directory
    }

    /// Starts a broker and returns once it accepts connections.
    public static func start(_ options: Options = Options()) async throws -> MosquittoBroker {
        let template = NSTemporaryDirectory() + "caregate-mosquitto-XXXXXX"
        var path = Array(template.utf8CString)
        guard mkdtemp(&path) != nil else { throw Failure(description: "mkdtemp failed: errno \(errno)") }
        let directory = path.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let broker = MosquittoBroker(
            port: try FreePort.loopback(), tlsPort: options.tls == nil ? nil : try FreePort.loopback(), directory: directory)
        try await broker.writeConfiguration(options)
        try await broker.launch()
        return broker
    }

    /// Stops the broker with SIGTERM (it saves its persistence file) and waits for it to exit.
    public func stop() async {
        await terminate(signal: SIGTERM)
    }

    /// Kills the broker with SIGKILL: nothing is saved, connections drop without a goodbye.
    public func kill() async {
        await terminate(signal: SIGKILL)
    }

    /// Freezes the broker (SIGSTOP): connections stay open, but nothing is read or answered, so
    /// a publisher's QoS 1 messages stay unacknowledged, as behind a stalled network path.
    public func pause() {
        process.withLock { $0?.signal(SIGSTOP) }
    }

    /// Lets a paused broker run again (SIGCONT).
    public func resume() {
        process.withLock { $0?.signal(SIGCONT) }
    }

    /// Stops the broker gracefully and starts it again on the same port and persistence directory;
    /// returns once it accepts connections again.
    public func restart() async throws {
        await stop()
        try await launch()
    }

    /// The broker's log so far.
    public func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    deinit {
        // Dropping the ChildProcess kills a broker that is still running.
        process.withLock { $0 = nil }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func launch() async throws {
        // Errors before the log file opens (a bad configuration) go to stderr.
        let stderrPath = directory + "/stderr.log"
        portHolds.withLock { $0 = [] }
        let process = try ChildProcess(Self.executable(), ["-c", configurationPath], standardErrorPath: stderrPath)
        self.process.withLock { $0 = process }

        let deadline = ContinuousClock.now + .seconds(5)
        while !FreePort.isAccepting(port) || !(tlsPort.map(FreePort.isAccepting) ?? true) {
            if let status = process.poll() {
                let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
                throw Failure(description: "mosquitto exited with status \(status): \(stderr)\(log())")
            }
            guard ContinuousClock.now < deadline else {
                process.signal(SIGKILL)
                throw Failure(description: "mosquitto did not accept connections on port \(port) within 5 s")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    private func terminate(signal: Int32) async {
        guard let process = process.withLock({ $0 }) else { return }
        process.signal(signal)
        await process.wait(timeout: .seconds(5))
        portHolds.withLock { holds in
            holds = ([port] + (tlsPort.map { [$0] } ?? [])).compactMap { PortHold(port: $0) }
        }
    }

    private func writeConfiguration(_ options: Options) async throws {
        var lines = [
            "per_listener_settings false",
            "listener \(port) 127.0.0.1",
            "persistence true",
            "persistence_location \(directory)/",
            "max_queued_messages \(options.maxQueuedMessages)",
            "max_inflight_messages \(options.maxInflightMessages)",
            "set_tcp_nodelay true",
            "log_dest file \(logPath)",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
        ]
        // As root, mosquitto would drop to user `mosquitto`, which cannot write this directory.
        if geteuid() == 0 { lines.append("user root") }
        if options.passwords.isEmpty {
            lines.append("allow_anonymous true")
        } else {
            lines.append("allow_anonymous false")
            lines.append("password_file \(try await writePasswordFile(options.passwords))")
        }
        if let rules = options.aclRules {
            let path = directory + "/acl"
            try rules.write(toFile: path, atomically: true, encoding: .utf8)
            lines.append("acl_file \(path)")
        }
        if let tls = options.tls, let tlsPort {
            lines += [
                "listener \(tlsPort) 127.0.0.1",
                "cafile \(tls.caFile)",
                "certfile \(tls.certificateFile)",
                "keyfile \(tls.keyFile)",
                "require_certificate \(tls.requireClientCertificate)",
            ]
        }
        lines += options.extraConfiguration
        try (lines.joined(separator: "\n") + "\n").write(toFile: configurationPath, atomically: true, encoding: .utf8)
    }

    private func writePasswordFile(_ passwords: [String: String]) async throws -> String {
        let path = directory + "/passwords"
        for (index, (user, password)) in passwords.sorted(by: { $0.key < $1.key }).enumerated() {
            let tool = try ChildProcess("/usr/bin/mosquitto_passwd", (index == 0 ? ["-c"] : []) + ["-b", path, user, password])
            guard await tool.wait() == 0 else { throw Failure(description: "mosquitto_passwd failed for \(user)") }
        }
        return path
    }

    private static func executable() -> String {
        let candidates = ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "mosquitto"
    }
}
