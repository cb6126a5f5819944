import CareGateMQTT
import Logging
import Synchronization

/// An MQTT client for tests: publishes, collects what it receives, and waits for it with a
/// deadline, built on the product's own `MQTTClient`.
public final class MQTTTestClient: Sendable {
    /// A received message, copied out of libmosquitto's buffers.
    public struct Message: Sendable, Hashable {
        public var topic: String
        public var payload: [UInt8]
        public var qos: MQTTQoS
        public var retain: Bool

        public var text: String { String(decoding: payload, as: UTF8.self) }
    }

    public struct Timeout: Error, CustomStringConvertible {
        public let description: String
    }

    /// What the network thread records for the test to read: shared by reference, because the
    /// client's handlers must not capture the test client itself (it owns the client).
    private final class Inbox: Sendable {
        let received = Mutex<[Message]>([])
        let published = Mutex<Set<Int32>>([])
    }

    public let client: MQTTClient
    private let inbox = Inbox()

    /// A client for the broker on `127.0.0.1:port` with the given subscriptions (clean session unless `configure` says
    /// otherwise). Not started: call `start()` or use `connected(...)`.
    public init(
        port: Int,
        clientId: String,
        subscriptions: [MQTTSubscription] = [],
        logger: Logger = MQTTTestClient.quietLogger,
        configure: (inout MQTTConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = MQTTConfiguration(port: port, clientId: clientId, cleanSession: true, subscriptions: subscriptions)
        configure(&configuration)
        let inbox = self.inbox
        client = try MQTTClient(
            configuration: configuration,
            logger: logger,
            onMessage: { view in
                let message = Message(topic: view.topic, payload: view.payloadBytes, qos: view.qos, retain: view.retain)
                inbox.received.withLock { $0.append(message) }
            },
            onPublished: { mid in inbox.published.withLock { _ = $0.insert(mid) } }
        )
    }

    /// A started client that is connected and subscribed.
    public static func connected(
        port: Int,
        clientId: String,
        subscriptions: [MQTTSubscription] = [],
        configure: (inout MQTTConfiguration) -> Void = { _ in }
    ) async throws -> MQTTTestClient {
        let client = try MQTTTestClient(port: port, clientId: clientId, subscriptions: subscriptions, configure: configure)
        try client.client.start()
        try await client.client.waitUntilReady(timeout: .seconds(5))
        return client
    }

    /// Logs warnings and worse to stderr; test output stays readable.
    public static var quietLogger: Logger {
        var logger = Logger(label: "caregate.test.mqtt")
        logger.logLevel = .warning
        return logger
    }

    /// Everything received so far, in arrival order.
    public var messages: [Message] { inbox.received.withLock { $0 } }

    /// Whether the broker acknowledged the publish with this mid (or it was written, at QoS 0).
    public func wasPublished(_ mid: Int32) -> Bool { inbox.published.withLock { $0.contains(mid) } }

    /// Waits until at least `count` messages arrived; returns all received.
    @discardableResult
    public func waitForMessages(count: Int, timeout: Duration = .seconds(5)) async throws -> [Message] {
        try await waitUntil(timeout: timeout, "\(count) messages") { self.messages.count >= count }
        return messages
    }

    /// Waits until a message matching `predicate` arrived, and returns it.
    @discardableResult
    public func waitForMessage(
        timeout: Duration = .seconds(5), where predicate: @escaping @Sendable (Message) -> Bool
    ) async throws -> Message {
        try await waitUntil(timeout: timeout, "a matching message") { self.messages.contains(where: predicate) }
        return messages.first(where: predicate)!
    }

    /// Polls `condition` every few milliseconds until it holds, or throws after `timeout`.
    public func waitUntil(timeout: Duration, _ what: String, _ condition: () -> Bool) async throws {
        try await MQTTTestClient.poll(timeout: timeout, what, condition)
    }

    /// Polls `condition` every few milliseconds until it holds, or throws after `timeout`.
    public static func poll(timeout: Duration, _ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw Timeout(description: "timed out after \(timeout) waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    @discardableResult
    public func publish(_ topic: String, _ text: String, qos: MQTTQoS = .atLeastOnce, retain: Bool = false) throws -> Int32 {
        try client.publish(topic: topic, text: text, qos: qos, retain: retain)
    }

    public func stop(graceful: Bool = true) async {
        await client.stop(graceful: graceful)
    }
}
