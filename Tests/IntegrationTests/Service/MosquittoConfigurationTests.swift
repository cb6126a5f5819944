import CareGateMQTT
import CareGateTestSupport
import Foundation
import Testing

/// The shipped broker configuration (packaging/mosquitto) in a real mosquitto, with credentials
/// made by the shipped `caregate-add-device`: a device publishes only under its own topics, staff
/// devices acknowledge alerts, the gateway reads everything. mosquitto 2.0.11 drops a denied
/// publish without telling the publisher, so every check looks at what the gateway receives.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct MosquittoConfigurationTests {
    private static let packaging = Binaries.repositoryRoot + "/packaging"

    /// Debian's main mosquitto file around the shipped conf.d file, ACL and password file, in a
    /// temporary directory; `start()` runs mosquitto once the credentials are in place.
    struct ShippedBroker: Sendable {
        let directory: TemporaryDirectory
        let port: Int

        var acl: String { directory.file("caregate.acl") }
        var passwords: String { directory.file("caregate.passwd") }

        init(_ directory: TemporaryDirectory) throws {
            self.directory = directory
            port = try FreePort.loopback()
            try FileManager.default.createDirectory(atPath: directory.file("conf.d"), withIntermediateDirectories: true)
            // The shipped file with its paths moved into the test directory and the listener on loopback.
            let shipped = try String(contentsOfFile: MosquittoConfigurationTests.packaging + "/mosquitto/caregate.conf", encoding: .utf8)
            let local = shipped
                .replacingOccurrences(of: "/etc/mosquitto/", with: directory.path + "/")
                .replacingOccurrences(of: "\nlistener 1883\n", with: "\nlistener \(port) 127.0.0.1\n")
            guard local.contains("listener \(port) 127.0.0.1") else {
                throw ChildProcess.Failure(description: "the shipped caregate.conf no longer has 'listener 1883' on a line of its own")
            }
            try local.write(toFile: directory.file("conf.d/caregate.conf"), atomically: true, encoding: .utf8)
            var main = [
                "persistence true", "persistence_location \(directory.path)/", "log_dest file \(directory.file("mosquitto.log"))",
                "log_type all",
            ]
            if geteuid() == 0 { main.append("user root") }
            main.append("include_dir \(directory.file("conf.d"))")
            try (main.joined(separator: "\n") + "\n").write(toFile: directory.file("mosquitto.conf"), atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(
                atPath: MosquittoConfigurationTests.packaging + "/mosquitto/caregate.acl", toPath: directory.file("caregate.acl"))
        }

        /// Starts mosquitto and returns once it accepts connections.
        func start() async throws -> ChildProcess {
            let process = try ChildProcess(
                "/usr/sbin/mosquitto", ["-c", directory.file("mosquitto.conf")], standardErrorPath: directory.file("stderr.log"))
            let deadline = ContinuousClock.now + .seconds(5)
            while !FreePort.isAccepting(port) {
                if let status = process.poll() {
                    let stderr = (try? String(contentsOfFile: directory.file("stderr.log"), encoding: .utf8)) ?? ""
                    throw ChildProcess.Failure(description: "mosquitto exited (\(status)): \(stderr)\(log)")
                }
                guard ContinuousClock.now < deadline else { throw ChildProcess.Failure(description: "mosquitto not accepting:\n\(log)") }
                try await Task.sleep(for: .milliseconds(10))
            }
            return process
        }

        var log: String { (try? String(contentsOfFile: directory.file("mosquitto.log"), encoding: .utf8)) ?? "" }

        /// Runs caregate-add-device against this broker's files; returns what it printed.
        @discardableResult
        func addDevice(_ arguments: [String]) async throws -> String {
            let output = directory.file("add-device-\(UUID().uuidString.prefix(6)).out")
            let script = try ChildProcess(
                "/bin/sh", [MosquittoConfigurationTests.packaging + "/caregate-add-device"] + arguments + ["--no-reload"],
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

        func client(_ user: String, password: String, subscriptions: [String] = []) async throws -> MQTTTestClient {
            try await MQTTTestClient.connected(
                port: port, clientId: user, subscriptions: subscriptions.map { MQTTSubscription($0, qos: .atLeastOnce) }
            ) {
                $0.username = user
                $0.password = password
            }
        }
    }

    @Test func devicesPublishOnlyUnderTheirOwnTopicsAndTheGatewayReadsEverything() async throws {
        let broker = try ShippedBroker(TemporaryDirectory("mosquitto-acl"))
        let gatewayOutput = try await broker.addDevice(["--gateway", "--password", "gw-secret"])
        #expect(gatewayOutput.contains("password_file: \(broker.directory.file("broker.password"))"))
        #expect(try String(contentsOfFile: broker.directory.file("broker.password"), encoding: .utf8) == "gw-secret\n")
        let deviceOutput = try await broker.addDevice(["fr-0001", "--kind", "fall-radar", "--site", "t1", "--password", "p-0001"])
        #expect(deviceOutput.contains("care/t1/fall-radar/fr-0001/telemetry"))
        try await broker.addDevice(["fr-0002", "--kind", "fall-radar", "--site", "t1", "--password", "p-0002"])
        try await broker.addDevice(["nurse-1", "--staff", "--site", "t1", "--password", "p-nurse"])
        try await broker.addDevice(["esp-1", "--topic", "esp-1/#", "--password", "p-esp"])
        // The password file holds hashes, never the passwords.
        let passwords = try String(contentsOfFile: broker.passwords, encoding: .utf8)
        let users = Set(passwords.split(separator: "\n").compactMap { $0.split(separator: ":").first.map(String.init) })
        #expect(users == ["caregate", "fr-0001", "fr-0002", "nurse-1", "esp-1"])
        #expect(!passwords.contains("p-0001"))
        let mosquitto = try await broker.start()

        let gateway = try await broker.client("caregate", password: "gw-secret", subscriptions: ["#"])
        let device = try await broker.client("fr-0001", password: "p-0001")
        let staff = try await broker.client("nurse-1", password: "p-nurse", subscriptions: ["care/t1/gateway/alerts/#"])
        let esp = try await broker.client("esp-1", password: "p-esp")

        // Refused: another device's topics, the gateway's topics, a staff acknowledgement.
        try device.publish("care/t1/fall-radar/fr-0002/event", #"{"seq":1,"type":"fall"}"#)
        try device.publish("care/t1/gateway/availability", "offline")
        try device.publish("care/t1/gateway/alerts/A-1/ack", #"{"by":"fr-0001"}"#)
        try esp.publish("care/t1/fall-radar/fr-0001/event", #"{"seq":9,"type":"fall"}"#)
        try staff.publish("care/t1/fall-radar/fr-0002/telemetry", "{}")
        // Allowed; published last by each client, so once the gateway has these, a refused
        // message would have arrived before them.
        try device.publish("care/t1/fall-radar/fr-0001/telemetry", #"{"seq":2}"#)
        try esp.publish("esp-1/sensor/heart_rate/state", "72")
        try staff.publish("care/t1/gateway/alerts/A-1/ack", #"{"by":"nurse-7"}"#)
        try gateway.publish("care/t1/gateway/alerts", #"{"alertId":"A-1","transition":"raised"}"#)

        try await gateway.waitForMessage(timeout: .seconds(10)) { $0.topic == "care/t1/fall-radar/fr-0001/telemetry" }
        try await gateway.waitForMessage(timeout: .seconds(10)) { $0.topic == "esp-1/sensor/heart_rate/state" }
        try await gateway.waitForMessage(timeout: .seconds(10)) { $0.topic == "care/t1/gateway/alerts/A-1/ack" && $0.text.contains("nurse-7") }
        try await gateway.waitForMessage(timeout: .seconds(10)) { $0.topic == "care/t1/gateway/alerts" }
        try await staff.waitForMessage(timeout: .seconds(10)) { $0.topic == "care/t1/gateway/alerts" }
        // A moment more for anything that would arrive out of order.
        try await Task.sleep(for: .milliseconds(300))
        let received = gateway.messages.map { "\($0.topic) \($0.text)" }
        #expect(!received.contains { $0.hasPrefix("care/t1/fall-radar/fr-0002/") }, "\(received)")
        #expect(!received.contains { $0.hasPrefix("care/t1/gateway/availability") }, "\(received)")
        #expect(!received.contains { $0.contains("\"by\":\"fr-0001\"") }, "\(received)")
        #expect(!received.contains { $0.hasPrefix("care/t1/fall-radar/fr-0001/event") }, "\(received)")
        #expect(received.count == 4, "\(received)")
        // The broker refused them: its log names each denial.
        #expect(broker.log.components(separatedBy: "Denied PUBLISH").count - 1 == 5, "\(broker.log)")

        for client in [gateway, device, staff, esp] { await client.stop() }
        mosquitto.signal(SIGTERM)
        await mosquitto.wait()
    }

    @Test func wrongPasswordsAndRevokedLoginsCannotConnect() async throws {
        let broker = try ShippedBroker(TemporaryDirectory("mosquitto-auth"))
        try await broker.addDevice(["fr-0001", "--kind", "fall-radar", "--password", "right"])
        try await broker.addDevice(["nurse-1", "--staff", "--password", "p-nurse"])
        let mosquitto = try await broker.start()
        await #expect(throws: (any Error).self) { _ = try await broker.client("fr-0001", password: "wrong") }
        await #expect(throws: (any Error).self) { _ = try await broker.client("nobody", password: "right") }
        let device = try await broker.client("fr-0001", password: "right")
        await device.stop()

        // Revoking: the login and the staff ACL block go, then mosquitto reloads on SIGHUP.
        let removed = try await broker.addDevice(["nurse-1", "--remove"])
        #expect(removed.contains("removed login 'nurse-1'"))
        #expect(!(try String(contentsOfFile: broker.acl, encoding: .utf8)).contains("nurse-1"))
        mosquitto.signal(SIGHUP)
        try await Task.sleep(for: .milliseconds(300))
        await #expect(throws: (any Error).self) { _ = try await broker.client("nurse-1", password: "p-nurse") }
        mosquitto.signal(SIGTERM)
        await mosquitto.wait()
    }
}
