import CareGateMQTT
import CareGateTestSupport
import Testing

extension LiveBroker {
    @Suite struct ReceiveTests {
        @Test func deliversQoS0AndQoS1MessagesAsViewsOfTheirBytes() async throws {
            let broker = try await MosquittoBroker.start()
            let recorder = Recorder()
            let gateway = try recorder.client(MQTTConfiguration(
                port: broker.port, clientId: "gateway", subscriptions: [MQTTSubscription("care/s1/#", qos: .atLeastOnce)]))
            try gateway.start()
            try await gateway.waitUntilReady(timeout: .seconds(5))
            let device = try await MQTTTestClient.connected(port: broker.port, clientId: "radar-1")

            try device.publish("care/s1/fall-radar/r1/telemetry", #"{"seq":1}"#, qos: .atMostOnce)
            try device.publish("care/s1/fall-radar/r1/event", #"{"seq":2,"type":"fall"}"#, qos: .atLeastOnce)
            try await MQTTTestClient.poll(timeout: .seconds(5), "two messages") { recorder.messages.withLock { $0.count == 2 } }

            let messages = recorder.messages.withLock { $0 }
            #expect(messages.map(\.topic) == ["care/s1/fall-radar/r1/telemetry", "care/s1/fall-radar/r1/event"])
            #expect(messages.map(\.text) == [#"{"seq":1}"#, #"{"seq":2,"type":"fall"}"#])
            #expect(messages.map(\.qos) == [.atMostOnce, .atLeastOnce])
            #expect(messages.map(\.topicBytes) == messages.map { Array($0.topic.utf8) })
            #expect(messages[0].mid == 0)
            #expect(messages[1].mid != 0)
            #expect(messages.allSatisfy { !$0.retain })

            await device.stop()
            await gateway.stop()
        }

        @Test func subscriptionQoSCapsDeliveryAndRetainedMessagesAreFlagged() async throws {
            let broker = try await MosquittoBroker.start()
            let device = try await MQTTTestClient.connected(port: broker.port, clientId: "bed-1")
            let mid = try device.publish("care/s1/care-bed/b1/state", #"{"in_bed":true}"#, qos: .atLeastOnce, retain: true)
            try await device.waitUntil(timeout: .seconds(5), "PUBACK") { device.wasPublished(mid) }

            let gateway = try await MQTTTestClient.connected(
                port: broker.port, clientId: "gateway",
                subscriptions: [MQTTSubscription("care/s1/+/+/state", qos: .atMostOnce), MQTTSubscription("care/s1/+/+/event")])
            try device.publish("care/s1/care-bed/b1/event", "{}", qos: .atLeastOnce)
            let messages = try await gateway.waitForMessages(count: 2)

            #expect(messages[0].topic == "care/s1/care-bed/b1/state")
            #expect(messages[0].retain)
            #expect(messages[0].qos == .atMostOnce, "a QoS 0 subscription receives QoS 1 publishes at QoS 0")
            #expect(messages[1].qos == .atLeastOnce)
            #expect(!messages[1].retain)

            await device.stop()
            await gateway.stop()
        }

        @Test func emptyPayloadArrivesAsAnEmptyBuffer() async throws {
            let broker = try await MosquittoBroker.start()
            let gateway = try await MQTTTestClient.connected(port: broker.port, clientId: "gateway", subscriptions: [MQTTSubscription("care/#")])
            let device = try await MQTTTestClient.connected(port: broker.port, clientId: "d")
            try device.publish("care/s1/gateway/alerts/active/a1", "", qos: .atLeastOnce)
            let messages = try await gateway.waitForMessages(count: 1)
            #expect(messages[0].payload.isEmpty)
            await device.stop()
            await gateway.stop()
        }
    }
}
