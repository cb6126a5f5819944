import CareGateMQTT
import Foundation

/// Debian's main mosquitto file around the shipped conf.d file (packaging/mosquitto), ACL and
/// password file, in a temporary directory; `start()` runs mosquitto once the credentials are in
/// place (made with the shipped `caregate-add-device`). With `tls`, a second listener speaks TLS
/// under the same shipped settings, password file and ACL.
public struct ShippedBroker: Sendable {
    public static let packaging = Binaries.repositoryRoot + "/packaging"

    public let directory: TemporaryDirectory
    public let port: Int
    /// The TLS listener's port, when `tls` was given.
    public let tlsPort: Int?

    public var acl: String { directory.file("caregate.acl") }
    public var passwords: String { directory.file("caregate.passwd") }

    public init(_ directory: TemporaryDirectory, tls: MosquittoBroker.TLSListener? = nil) throws {
        self.directory = directory
        port = try FreePort.loopback()
        tlsPort = tls == nil ? nil : try FreePort.loopback()
        try FileManager.default.createDirectory(atPath: directory.file("conf.d"), withIntermediateDirectories: true)
        // The shipped file with its paths moved into the test directory and the listener on loopback.
        let shipped = try String(contentsOfFile: Self.packaging + "/mosquitto/caregate.conf", encoding: .utf8)
        var local = shipped
            .replacingOccurrences(of: "/etc/mosquitto/", with: directory.path + "/")
            .replacingOccurrences(of: "\nlistener 1883\n", with: "\nlistener \(port) 127.0.0.1\n")
        guard local.contains("listener \(port) 127.0.0.1") else {
            throw ChildProcess.Failure(description: "the shipped caregate.conf no longer has 'listener 1883' on a line of its own")
        }
        if let tls, let tlsPort {
            // per_listener_settings false: the password file and ACL above apply to this listener too.
            local += "\nlistener \(tlsPort) 127.0.0.1\ncafile \(tls.caFile)\ncertfile \(tls.certificateFile)\nkeyfile \(tls.keyFile)\n"
                + "require_certificate \(tls.requireClientCertificate)\n"
        }
        try local.write(toFile: directory.file("conf.d/caregate.conf"), atomically: true, encoding: .utf8)
        var main = [
            "persistence true", "persistence_location \(directory.path)/", "log_dest file \(directory.file("mosquitto.log"))",
            "log_type all",
        ]
        if geteuid() == 0 { main.append("user root") }
        main.append("include_dir \(directory.file("conf.d"))")
        try (main.joined(separator: "\n") + "\n").write(toFile: directory.file("mosquitto.conf"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Self.packaging + "/mosquitto/caregate.acl", toPath: directory.file("caregate.acl"))
    }

    /// Starts mosquitto and returns once it accepts connections.
    public func start() async throws -> ChildProcess {
        let process = try ChildProcess(
            "/usr/sbin/mosquitto", ["-c", directory.file("mosquitto.conf")], standardErrorPath: directory.file("stderr.log"))
        let deadline = ContinuousClock.now + .seconds(5)
        while !FreePort.isAccepting(port) || !(tlsPort.map(FreePort.isAccepting) ?? true) {
            if let status = process.poll() {
                let stderr = (try? String(contentsOfFile: directory.file("stderr.log"), encoding: .utf8)) ?? ""
                throw ChildProcess.Failure(description: "mosquitto exited (\(status)): \(stderr)\(log)")
            }
            guard ContinuousClock.now < deadline else { throw ChildProcess.Failure(description: "mosquitto not accepting:\n\(log)") }
            try await Task.sleep(for: .milliseconds(10))
        }
        return process
    }

    public var log: String { (try? String(contentsOfFile: directory.file("mosquitto.log"), encoding: .utf8)) ?? "" }

    /// Runs caregate-add-device against this broker's files; returns what it printed.
    @discardableResult
    public func addDevice(_ arguments: [String]) async throws -> String {
        let output = directory.file("add-device-\(UUID().uuidString.prefix(6)).out")
        let script = try ChildProcess(
            "/bin/sh", [Self.packaging + "/caregate-add-device"] + arguments + ["--no-reload"],
            outputPath: output,
            environment: [
                "CAREGATE_MQTT_PASSWD": passwords, "CAREGATE_MQTT_ACL": acl,
                "CAREGATE_CONFIG": directory.file("caregate.yaml"),
                "CAREGATE_BROKER_PASSWORD": directory.file("broker.password"),
                "CAREGATE_DEVICES_DIR": Binaries.devicesDirectory,
            ])
        let status = await script.wait(timeout: .seconds(20))
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard ChildProcess.exitCode(status) == 0 else {
            throw ChildProcess.Failure(description: "caregate-add-device \(arguments) failed: \(text)")
        }
        return text
    }

    public func client(_ user: String, password: String, subscriptions: [String] = []) async throws -> MQTTTestClient {
        try await MQTTTestClient.connected(
            port: port, clientId: user, subscriptions: subscriptions.map { MQTTSubscription($0, qos: .atLeastOnce) }
        ) {
            $0.username = user
            $0.password = password
        }
    }
}
