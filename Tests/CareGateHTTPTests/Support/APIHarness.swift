import CareGateCore
import CareGateHTTP
import CareGateStorage
import CareGateTestSupport
import Logging

/// A real `APIServer` on a free loopback port, over real databases in a fresh directory, with
/// fake alert, registry and monitor ports and a metering desk straight over the databases; the local operator token is an admin.
final class APIHarness: Sendable {
    let directory: TemporaryDirectory
    let buffer: BufferDatabase
    let control: ControlDatabase
    let sequence = GatewaySequence(after: 0)
    let clock = ManualClock()
    let consumers: ConsumerDirectory
    let alerts = FakeAlertDesk()
    let registry = FakeRegistryDesk()
    let monitor = FakeMonitor()
    let operatorToken = AccessToken.generate()
    let running: RunningServer

    var server: APIServer { running.server }

    init(declared: [ConsumerDeclaration] = [], configure: (inout APIServerConfiguration) -> Void = { _ in }) throws {
        directory = TemporaryDirectory("http")
        buffer = try BufferDatabase(path: directory.file("buffer.sqlite"))
        control = try ControlDatabase(path: directory.file("alerts.sqlite"))
        consumers = ConsumerDirectory(control: control, clock: clock)
        try consumers.prepare(declared: declared, operatorTokenSHA256: AccessToken.hash(operatorToken))
        var configuration = APIServerConfiguration(host: "127.0.0.1", port: 0, maxBodyBytes: 4096)
        configure(&configuration)
        var logger = Logger(label: "caregate.test.http")
        logger.logLevel = .warning
        let server = APIServer(
            configuration: configuration,
            services: APIServices(
                consumers: consumers, sync: SyncReader(buffer: buffer, control: control), alerts: alerts, registry: registry,
                monitor: monitor, metering: StorageMeteringDesk(buffer: buffer, control: control, sequence: sequence, clock: clock),
                clock: clock),
            logger: logger)
        running = RunningServer(server)
    }

    /// The bound port, once the server listens.
    var port: Int {
        get async throws { try await running.port }
    }

    /// A client with the operator's (admin) token.
    func admin() async throws -> HTTPTestClient { HTTPTestClient(port: try await port, token: operatorToken) }

    /// A client with `token` (nil: none).
    func client(_ token: String?) async throws -> HTTPTestClient { HTTPTestClient(port: try await port, token: token) }

    /// Adds a consumer and returns a client with its token.
    func consumer(_ name: String, _ scopes: [Scope], required: Bool = false) async throws -> HTTPTestClient {
        let (_, token) = try await consumers.add(name: name, scopes: scopes, required: required, actor: "test")
        return try await client(token)
    }

    /// Stores `count` telemetry rows (and an event with every `eventEvery`-th message) through
    /// the bulk writer's own path; returns the sequence numbers of the telemetry rows.
    @discardableResult
    func storeTelemetry(_ count: Int, eventEvery: Int = 0) async throws -> [Int64] {
        var batch = BufferBatch(through: .origin)
        for index in 0..<count {
            var message = DeviceMessage(
                deviceId: "fr-\(index % 7)", profileId: "caregate.fall-radar", kind: .fallRadar, role: .telemetry,
                topic: "care/s1/fall-radar/fr-\(index % 7)/telemetry", sourceTs: 1_000 + Int64(index), stampedByGateway: false,
                seq: Int64(index), receivedAt: clock.now(), retained: false, qos: 1,
                readings: [Reading("presence", .bool(true)), Reading("heart_rate", .number(Double(60 + index % 30)))])
            if eventEvery > 0, index % eventEvery == 0 { message.events = [DeviceEvent(type: "fall")] }
            batch.messages.append(message)
        }
        let before = sequence.current
        try buffer.write(batch, sequence: sequence)
        guard case .telemetry(let rows) = try await SyncReader(buffer: buffer, control: control).records(.telemetry, after: before, limit: count)
        else { return [] }
        return rows.map(\.seq)
    }

    /// Stops the server.
    func stop() async {
        await running.stop()
    }
}

