import CareGateMQTT
import CareGateTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension LiveBroker {
    /// The persistent session: what the broker keeps for the gateway while it is away, and how the
    /// gateway comes back by itself when the broker restarts.
    @Suite struct SessionTests {
        private static let subscriptions = [MQTTSubscription("care/s1/#", qos: .atLeastOnce)]

        @Test(arguments: [MQTTProtocolVersion.v311, .v5])
        func qos1MessagesPublishedWhileAwayArriveOnReconnect(version: MQTTProtocolVersion) async throws {
            let broker = try await MosquittoBroker.start()
            let configuration = MQTTConfiguration(
                port: broker.port, clientId: "gateway", cleanSession: false, subscriptions: Self.subscriptions, protocolVersion: version)
            let first = try MQTTClient(configuration: configuration, logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            try first.start()
            try await first.waitUntilReady(timeout: .seconds(5))
            await first.stop()

            let device = try await MQTTTestClient.connected(port: broker.port, clientId: "wearable-1")
            let mids = try (0 ..< 50).map { try device.publish("care/s1/wearable/w1/event", "\($0)", qos: .atLeastOnce) }
            try await device.waitUntil(timeout: .seconds(5), "PUBACKs") { mids.allSatisfy(device.wasPublished) }

            let recorder = Recorder()
            let second = try recorder.client(configuration)
            try second.start()
            try await second.waitUntilReady(timeout: .seconds(5))
            #expect(second.statistics.sessionPresent)
            try await MQTTTestClient.poll(timeout: .seconds(5), "50 queued messages") { recorder.messages.withLock { $0.count >= 50 } }
            #expect(recorder.messages.withLock { $0.map(\.text) } == (0 ..< 50).map { "\($0)" })

            await device.stop()
            await second.stop()
        }

        @Test func reconnectsByItselfAfterABrokerRestartAndLosesNothing() async throws {
            let broker = try await MosquittoBroker.start()
            let received = Mutex<Set<String>>([])
            let gateway = try MQTTClient(
                configuration: MQTTConfiguration(port: broker.port, clientId: "gateway", cleanSession: false, subscriptions: Self.subscriptions),
                logger: MQTTTestClient.quietLogger,
                onMessage: { view in
                    // A slow consumer, so that messages are still queued and in flight at the restart.
                    usleep(100)
                    let text = String(decoding: view.payload, as: UTF8.self)
                    received.withLock { _ = $0.insert(text) }
                })
            try gateway.start()
            try await gateway.waitUntilReady(timeout: .seconds(5))

            let before = try await MQTTTestClient.connected(port: broker.port, clientId: "radar-1")
            let earlyMids = try (0 ..< 2000).map { try before.publish("care/s1/fall-radar/r1/telemetry", "before-\($0)", qos: .atLeastOnce) }
            try await before.waitUntil(timeout: .seconds(5), "PUBACKs") { earlyMids.allSatisfy(before.wasPublished) }
            await before.stop()

            let receivedBeforeRestart = received.withLock { $0.count }
            try await broker.restart()
            let brokerReady = ContinuousClock.now

            let after = try await MQTTTestClient.connected(port: broker.port, clientId: "radar-1")
            let lateMids = try (0 ..< 200).map { try after.publish("care/s1/fall-radar/r1/telemetry", "after-\($0)", qos: .atLeastOnce) }
            try await after.waitUntil(timeout: .seconds(5), "PUBACKs") { lateMids.allSatisfy(after.wasPublished) }

            try await MQTTTestClient.poll(timeout: .seconds(5), "the gateway to reconnect") { gateway.statistics.connects >= 2 }
            let statistics = gateway.statistics
            let reconnectedAt = try #require(statistics.lastConnectAt)
            let reconnectDelay = reconnectedAt - brokerReady
            print("broker restart: \(receivedBeforeRestart) of 2000 received before it; reconnected \(reconnectDelay) after the broker was ready")
            #expect(reconnectDelay < .milliseconds(2500), "reconnected \(reconnectDelay) after the broker's return")
            #expect(statistics.disconnects == 1)
            #expect(statistics.reconnectAttempts >= 1)
            #expect(statistics.sessionPresent)

            let expected = Set((0 ..< 2000).map { "before-\($0)" } + (0 ..< 200).map { "after-\($0)" })
            try await MQTTTestClient.poll(timeout: .seconds(8), "every message") { received.withLock { $0.isSuperset(of: expected) } }
            try await gateway.waitUntilReady(timeout: .seconds(1))

            await after.stop()
            await gateway.stop()
        }
    }
}
