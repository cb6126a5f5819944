import CareGateCore
import CareGateMQTT
import CareGateTestSupport
import Foundation
import GRDB

/// One care home under test: a real mosquitto on a free port, the real `caregated` binary, a real
/// MQTT client publishing as devices, and read-only views of what the gateway stored.
final class TestSite: Sendable {
    let directory: TemporaryDirectory
    let broker: MosquittoBroker
    let daemon: GatewayDaemon
    let devices: MQTTTestClient

    static let site = "t1"

    /// Starts a broker and the daemon (with an optional config file body and registry seed).
    static func start(config: String = "", seed: String? = nil, extraArguments: [String] = []) async throws -> TestSite {
        let directory = TemporaryDirectory("site")
        let broker = try await MosquittoBroker.start()
        var body = config
        if let seed {
            try seed.write(toFile: directory.file("devices.yaml"), atomically: true, encoding: .utf8)
            body += "\nregistry_seed: \(directory.file("devices.yaml"))\n"
        }
        var arguments = extraArguments
        if !body.isEmpty {
            try body.write(toFile: directory.file("caregate.yaml"), atomically: true, encoding: .utf8)
            arguments = ["--config", directory.file("caregate.yaml")] + arguments
        }
        let daemon = GatewayDaemon(brokerURL: "mqtt://127.0.0.1:\(broker.port)", directory: directory.path, site: site, extraArguments: arguments)
        try await daemon.start()
        let devices = try await MQTTTestClient.connected(port: broker.port, clientId: "devices-\(UUID().uuidString.prefix(6))")
        return TestSite(directory: directory, broker: broker, daemon: daemon, devices: devices)
    }

    private init(directory: TemporaryDirectory, broker: MosquittoBroker, daemon: GatewayDaemon, devices: MQTTTestClient) {
        self.directory = directory
        self.broker = broker
        self.daemon = daemon
        self.devices = devices
    }

    /// Stops everything; returns the daemon's wait status.
    @discardableResult
    func shutdown() async -> Int32? {
        await devices.stop()
        let status = await daemon.stop()
        await broker.stop()
        return status
    }

    // MARK: Publishing as devices

    static func now() -> EpochMillis { SystemClock().now() }

    @discardableResult
    func publish(_ topic: String, _ text: String, qos: MQTTQoS = .atLeastOnce, retain: Bool = false) throws -> Int32 {
        try devices.publish(topic, text, qos: qos, retain: retain)
    }

    /// A native telemetry message.
    func telemetry(_ kind: String, _ device: String, seq: Int64, ts: EpochMillis = TestSite.now(), _ props: String) throws {
        try publish("care/\(Self.site)/\(kind)/\(device)/telemetry", #"{"ts":\#(ts),"seq":\#(seq),"props":{\#(props)}}"#)
    }

    /// A native event.
    func event(_ kind: String, _ device: String, seq: Int64, ts: EpochMillis = TestSite.now(), _ type: String, data: String = "") throws {
        try publish("care/\(Self.site)/\(kind)/\(device)/event", #"{"ts":\#(ts),"seq":\#(seq),"type":"\#(type)","data":{\#(data)}}"#)
    }

    // MARK: What the gateway stored

    /// Rows and counters of `buffer.sqlite`.
    struct Stored: Equatable {
        var telemetry = 0
        var events = 0
        var quarantine: [String: Int] = [:]
        var counters: [String: Int64] = [:]

        var rows: Int { telemetry + events }
    }

    func stored() throws -> Stored {
        let path = daemon.stateDirectory + "/buffer.sqlite"
        guard FileManager.default.fileExists(atPath: path) else { return Stored() }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            var stored = Stored()
            stored.telemetry = try Int.fetchOne(db, sql: "SELECT count(*) FROM telemetry") ?? 0
            stored.events = try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0
            for row in try Row.fetchAll(db, sql: "SELECT reason, count(*) AS n FROM quarantine GROUP BY reason") {
                stored.quarantine[row["reason"]] = row["n"]
            }
            for row in try Row.fetchAll(db, sql: "SELECT name, value FROM ingest_counters") {
                stored.counters[row["name"]] = row["value"]
            }
            return stored
        }
    }

    /// Runs `sql` against a database of the state directory (read-only).
    func query(_ database: String, _ sql: String) throws -> [Row] {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        let queue = try DatabaseQueue(path: daemon.stateDirectory + "/" + database, configuration: configuration)
        return try queue.read { try Row.fetchAll($0, sql: sql) }
    }

    /// Waits until what is stored satisfies `condition`.
    func waitForStored(timeout: Duration = .seconds(30), _ what: String, _ condition: (Stored) -> Bool) async throws -> Stored {
        let deadline = ContinuousClock.now + timeout
        var last = Stored()
        while ContinuousClock.now < deadline {
            last = (try? stored()) ?? last
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ChildProcess.Failure(description: "timed out waiting for \(what); stored: \(last)\n\(daemon.output.suffix(3000))")
    }

    // MARK: Alerts

    /// The alert log's transitions.
    func alerts() -> [AlertTransition] { daemon.alertTransitions() }

    /// Waits for an alert log line matching `predicate` and returns it.
    @discardableResult
    func waitForAlert(timeout: Duration = .seconds(30), _ what: String, _ predicate: (AlertTransition) -> Bool) async throws -> AlertTransition {
        try await daemon.waitForAlert(timeout: timeout, what, predicate)
    }
}
