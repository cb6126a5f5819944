import CareGateCore
import CareGateMQTT
import CareGateTestSupport
import Foundation
import GRDB
import Synchronization

/// One care home for a resilience case: a real mosquitto, the real `caregated`, and read-only
/// views of what the gateway stored. `stateSetup` runs before the first start (a tmpfs mount).
final class ResilienceSite: Sendable {
    let directory: TemporaryDirectory
    let broker: MosquittoBroker
    let daemon: GatewayDaemon
    static let site = "t1"

    static func start(
        config: String = "", seed: String? = nil, extraArguments: [String] = [], brokerOptions: MosquittoBroker.Options = .init(),
        stateSetup: (String) throws -> Void = { _ in }
    ) async throws -> ResilienceSite {
        let directory = TemporaryDirectory("resilience")
        let broker = try await MosquittoBroker.start(brokerOptions)
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
        try FileManager.default.createDirectory(atPath: daemon.stateDirectory, withIntermediateDirectories: true)
        try stateSetup(daemon.stateDirectory)
        try await daemon.start()
        return ResilienceSite(directory: directory, broker: broker, daemon: daemon)
    }

    private init(directory: TemporaryDirectory, broker: MosquittoBroker, daemon: GatewayDaemon) {
        self.directory = directory
        self.broker = broker
        self.daemon = daemon
    }

    func shutdown() async {
        await daemon.stop()
        await broker.stop()
    }

    func publisher(_ name: String = "devices-\(UUID().uuidString.prefix(6))") async throws -> MQTTTestClient {
        try await MQTTTestClient.connected(port: broker.port, clientId: name)
    }

    static func now() -> EpochMillis { SystemClock().now() }

    static func telemetryPayload(seq: Int64, ts: EpochMillis = now()) -> String {
        #"{"ts":\#(ts),"seq":\#(seq),"props":{"heart_rate":\#(60 + seq % 30),"resp_rate":15}}"#
    }

    // MARK: What the gateway stored

    static func readOnly(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    func query(_ database: String, _ sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Row] {
        let queue = try Self.readOnly(daemon.stateDirectory + "/" + database)
        return try queue.read { try Row.fetchAll($0, sql: sql, arguments: arguments) }
    }

    /// Telemetry rows per seq for one device.
    static func storedSeqs(_ path: String, device: String) throws -> [Int64: Int] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let queue = try readOnly(path)
        return try queue.read { db in
            var counts: [Int64: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT seq, count(*) AS n FROM telemetry WHERE device_id = ? GROUP BY seq", arguments: [device]) {
                counts[row["seq"]] = row["n"]
            }
            return counts
        }
    }

    func storedSeqs(device: String) throws -> [Int64: Int] {
        try Self.storedSeqs(daemon.stateDirectory + "/buffer.sqlite", device: device)
    }

    func telemetryCount() -> Int {
        (try? query("buffer.sqlite", "SELECT count(*) AS n FROM telemetry").first?["n"]) ?? 0
    }

    func counter(_ name: String) -> Int64 {
        (try? query("buffer.sqlite", "SELECT value FROM ingest_counters WHERE name = ?", arguments: [name]).first?["value"]) ?? 0
    }

    func quarantineByReason() -> [String: Int] {
        var result: [String: Int] = [:]
        for row in (try? query("buffer.sqlite", "SELECT reason, count(*) AS n FROM quarantine GROUP BY reason")) ?? [] {
            result[row["reason"]] = row["n"]
        }
        return result
    }

    /// The alert log's transitions.
    func alerts() -> [AlertTransition] { daemon.alertTransitions() }

    @discardableResult
    func waitForAlert(timeout: Duration = .seconds(30), _ what: String, _ predicate: (AlertTransition) -> Bool) async throws -> AlertTransition {
        try await daemon.waitForAlert(timeout: timeout, polling: .milliseconds(5), what, predicate)
    }

    /// Waits until `condition` holds (polled every 20 ms); returns false on timeout.
    static func wait(timeout: Duration, _ condition: () throws -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? condition()) == true { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return (try? condition()) == true
    }

    /// The daemon's Prometheus text (loopback needs no token).
    func metrics() async -> String {
        guard let port = daemon.httpPort else { return "" }
        return (try? await HTTPTestClient(port: port).send("GET", "/metrics").text) ?? ""
    }

    /// The value of one series of `/metrics` (0 when absent).
    static func metric(_ text: String, _ series: String) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }
}

/// Publishes telemetry for one device at a paced rate with increasing `seq`, retrying while its
/// own connection is down, and remembers every publish so that the broker's acknowledgements can
/// be counted. One publisher per ~60k messages (MQTT message ids are 16-bit).
final class LoadPublisher: Sendable {
    let client: MQTTTestClient
    let device: String
    let kind: String
    private let state = Mutex<(next: Int64, mids: [(seq: Int64, mid: Int32, at: ContinuousClock.Instant)])>((1, []))
    private let stopFlag = Atomic<Bool>(false)

    init(client: MQTTTestClient, device: String, kind: String = "vitals-radar", firstSeq: Int64 = 1) {
        self.client = client
        self.device = device
        self.kind = kind
        state.withLock { $0.next = firstSeq }
    }

    var topic: String { "care/\(ResilienceSite.site)/\(kind)/\(device)/telemetry" }
    var published: Int { state.withLock { $0.mids.count } }
    var nextSeq: Int64 { state.withLock { $0.next } }

    /// The default offered load in messages per second (`CAREGATE_RESILIENCE_RATE`, 2000): a
    /// loaded site, below what a debug build of the gateway ingests on 2 shared cores, so the
    /// cases measure faults rather than a growing backlog.
    static var defaultRate: Int { Resilience.setting("CAREGATE_RESILIENCE_RATE", default: 2000) }

    /// Publishes bursts of `burst` with `pause` between them until `stop()`, or until `limit`
    /// messages; by default 20 per burst at `defaultRate`.
    func run(burst: Int = 20, pause: Duration? = nil, limit: Int = 50_000) async {
        let pause = pause ?? .microseconds(1_000_000 * burst / max(1, Self.defaultRate))
        while !stopFlag.load(ordering: .relaxed) && published < limit {
            for _ in 0..<burst {
                let seq = state.withLock { $0.next }
                do {
                    let mid = try client.publish(topic, ResilienceSite.telemetryPayload(seq: seq))
                    state.withLock {
                        $0.mids.append((seq, mid, .now))
                        $0.next += 1
                    }
                } catch {
                    try? await Task.sleep(for: .milliseconds(20))
                    break
                }
            }
            try? await Task.sleep(for: pause)
        }
    }

    func stop() { stopFlag.store(true, ordering: .relaxed) }

    /// Seqs the broker acknowledged (PUBACK received).
    func acked() -> [Int64] {
        state.withLock { $0.mids }.filter { client.wasPublished($0.mid) }.map(\.seq)
    }

    /// Every publish with the time it was handed to libmosquitto.
    func publishes() -> [(seq: Int64, mid: Int32, at: ContinuousClock.Instant)] { state.withLock { $0.mids } }

    /// Waits until every publish is acknowledged; returns whether they all were.
    func waitForAcks(timeout: Duration = .seconds(30)) async -> Bool {
        await ResilienceSite.wait(timeout: timeout) { acked().count == published }
    }
}
