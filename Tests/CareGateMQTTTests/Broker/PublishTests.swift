import CareGateMQTT
import CareGateTestSupport
import Testing

extension LiveBroker {
    @Suite struct PublishTests {
        @Test func onPublishedReportsEachMidOnceAcknowledged() async throws {
            let broker = try await MosquittoBroker.start()
            let observer = try await MQTTTestClient.connected(port: broker.port, clientId: "observer", subscriptions: [MQTTSubscription("care/s1/gateway/#")])
            let recorder = Recorder()
            let gateway = try recorder.client(MQTTConfiguration(port: broker.port, clientId: "gateway"))
            try gateway.start()
            try await gateway.waitUntilReady(timeout: .seconds(5))

            let qos1 = try gateway.publish(topic: "care/s1/gateway/alerts", text: #"{"transition":"raised"}"#, qos: .atLeastOnce)
            let qos0 = try gateway.publish(topic: "care/s1/gateway/alerts", text: #"{"transition":"renotified"}"#, qos: .atMostOnce)
            try await MQTTTestClient.poll(timeout: .seconds(5), "both mids") {
                Set(recorder.published.withLock { $0 }).isSuperset(of: [qos1, qos0])
            }
            #expect(qos1 != qos0)
            let messages = try await observer.waitForMessages(count: 2)
            #expect(messages.map(\.text) == [#"{"transition":"raised"}"#, #"{"transition":"renotified"}"#])

            await observer.stop()
            await gateway.stop()
        }

        @Test func publishingWithoutAConnectionFailsInsteadOfQueueingInMemory() async throws {
            let port = try FreePort.loopback()
            let gateway = try MQTTClient(
                configuration: MQTTConfiguration(port: port, clientId: "gateway"),
                logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            #expect(throws: MQTTError.self) { try gateway.publish(topic: "care/x", text: "1") }
            try gateway.start()
            let error = #expect(throws: MQTTError.self) { try gateway.publish(topic: "care/x", text: "1") }
            #expect(error?.code == .noConnection)
            await gateway.stop()
            let afterStop = #expect(throws: MQTTError.self) { try gateway.publish(topic: "care/x", text: "1") }
            #expect(afterStop?.code == .noConnection)
        }
    }
}
