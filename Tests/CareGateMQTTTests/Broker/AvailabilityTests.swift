import CareGateMQTT
import CareGateTestSupport
import Testing

extension LiveBroker {
    /// The gateway's availability topic: retained "online" while it runs, "offline" when it stops
    /// (published by itself) or dies (published by the broker as its will).
    @Suite struct AvailabilityTests {
        private let topic = "care/s1/gateway/availability"

        private func gatewayConfiguration(_ broker: MosquittoBroker) -> MQTTConfiguration {
            // Subscribed like the daemon: the birth PUBLISH goes out before SUBSCRIBE on the same
            // connection, so readiness (the SUBACK) implies the broker holds the retained birth.
            var configuration = MQTTConfiguration(
                port: broker.port, clientId: "gateway", keepAliveSeconds: 60,
                subscriptions: [MQTTSubscription("care/s1/gateway/alerts/+/ack")])
            configuration.announceAvailability(on: topic)
            return configuration
        }

        /// Waits until the broker logs how `clientId`'s connection ended, and returns that line.
        private func disconnectLine(_ broker: MosquittoBroker, _ clientId: String) async throws -> String {
            let clean = "Client \(clientId) disconnected."
            let abrupt = "Client \(clientId) closed its connection."
            try await MQTTTestClient.poll(timeout: .seconds(5), "the broker to log the disconnect") {
                let log = broker.log()
                return log.contains(clean) || log.contains(abrupt)
            }
            return broker.log().contains(clean) ? clean : abrupt
        }

        @Test func birthIsRetainedOnlineForLaterSubscribers() async throws {
            let broker = try await MosquittoBroker.start()
            let gateway = try MQTTClient(configuration: gatewayConfiguration(broker), logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            try gateway.start()
            try await gateway.waitUntilReady(timeout: .seconds(5))

            let nurseStation = try await MQTTTestClient.connected(port: broker.port, clientId: "nurse", subscriptions: [MQTTSubscription(topic)])
            let message = try await nurseStation.waitForMessage { $0.topic == topic }
            #expect(message.text == "online")
            #expect(message.retain)

            await nurseStation.stop()
            await gateway.stop()
        }

        @Test func gracefulStopPublishesOfflineAndTheBrokerDropsTheWill() async throws {
            let broker = try await MosquittoBroker.start()
            let nurseStation = try await MQTTTestClient.connected(port: broker.port, clientId: "nurse", subscriptions: [MQTTSubscription(topic)])
            let gateway = try MQTTClient(configuration: gatewayConfiguration(broker), logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            try gateway.start()
            try await gateway.waitUntilReady(timeout: .seconds(5))
            try await nurseStation.waitForMessage { $0.text == "online" }

            await gateway.stop(graceful: true)

            #expect(gateway.state == .disconnected)
            #expect(try await disconnectLine(broker, "gateway") == "Client gateway disconnected.")
            // Anything the broker published for the gateway's departure precedes this marker.
            try nurseStation.publish(topic, "marker", retain: false)
            try await nurseStation.waitForMessage { $0.text == "marker" }
            let offline = nurseStation.messages.filter { $0.text == "offline" }
            #expect(offline.count == 1, "one offline from the gateway itself, none from the will")

            let later = try await MQTTTestClient.connected(port: broker.port, clientId: "later", subscriptions: [MQTTSubscription(topic)])
            let retained = try await later.waitForMessage { $0.topic == topic }
            #expect(retained.text == "offline")
            #expect(retained.retain)

            await later.stop()
            await nurseStation.stop()
        }

        @Test func droppedConnectionMakesTheBrokerPublishTheWill() async throws {
            let broker = try await MosquittoBroker.start()
            let nurseStation = try await MQTTTestClient.connected(port: broker.port, clientId: "nurse", subscriptions: [MQTTSubscription(topic)])
            let gateway = try MQTTClient(configuration: gatewayConfiguration(broker), logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            try gateway.start()
            try await gateway.waitUntilReady(timeout: .seconds(5))
            try await nurseStation.waitForMessage { $0.text == "online" }

            // What a crash looks like to the broker: the socket closes with no DISCONNECT.
            await gateway.stop(graceful: false)

            #expect(try await disconnectLine(broker, "gateway") == "Client gateway closed its connection.")
            let will = try await nurseStation.waitForMessage { $0.text == "offline" }
            #expect(will.topic == topic)

            let later = try await MQTTTestClient.connected(port: broker.port, clientId: "later", subscriptions: [MQTTSubscription(topic)])
            #expect(try await later.waitForMessage { $0.topic == topic }.text == "offline")

            await later.stop()
            await nurseStation.stop()
        }
    }
}
