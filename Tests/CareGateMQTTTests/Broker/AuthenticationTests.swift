import CareGateMQTT
import CareGateTestSupport
import Testing

extension LiveBroker {
    @Suite struct AuthenticationTests {
        private func configuration(_ broker: MosquittoBroker, username: String?, password: String?) -> MQTTConfiguration {
            MQTTConfiguration(
                port: broker.port, clientId: "gateway", username: username, password: password,
                subscriptions: [MQTTSubscription("care/#")])
        }

        @Test func wrongPasswordIsRefusedWithTheBrokersReason() async throws {
            let broker = try await MosquittoBroker.start(MosquittoBroker.Options(passwords: ["gateway": "correct horse"]))
            let gateway = try MQTTClient(
                configuration: configuration(broker, username: "gateway", password: "battery staple"),
                logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            try gateway.start()

            let error = await #expect(throws: MQTTError.self) { try await gateway.waitUntilReady(timeout: .milliseconds(1500)) }
            #expect(error?.code == .timeout)
            #expect(error?.message.contains("not authorised") == true)
            let statistics = gateway.statistics
            #expect(statistics.lastError?.code == .connectionRefused)
            #expect(statistics.lastError?.message == "Connection Refused: not authorised.")
            #expect(statistics.connects == 0)
            #expect(statistics.reconnectAttempts >= 1, "a refusal is retried with backoff, in case the password file changes")
            await gateway.stop()
        }

        @Test func anonymousIsRefusedWhenThePasswordFileIsOn() async throws {
            let broker = try await MosquittoBroker.start(MosquittoBroker.Options(passwords: ["gateway": "s3cret"]))
            let gateway = try MQTTClient(
                configuration: configuration(broker, username: nil, password: nil), logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            try gateway.start()
            await #expect(throws: MQTTError.self) { try await gateway.waitUntilReady(timeout: .milliseconds(500)) }
            #expect(gateway.statistics.lastError?.code == .connectionRefused)
            await gateway.stop()
        }

        @Test func rightPasswordConnectsAndSubscribes() async throws {
            let broker = try await MosquittoBroker.start(MosquittoBroker.Options(passwords: ["gateway": "s3cret", "radar-1": "r"]))
            let gateway = try await MQTTTestClient.connected(port: broker.port, clientId: "gateway", subscriptions: [MQTTSubscription("care/#")]) {
                $0.username = "gateway"
                $0.password = "s3cret"
            }
            let device = try await MQTTTestClient.connected(port: broker.port, clientId: "radar-1") {
                $0.username = "radar-1"
                $0.password = "r"
            }
            try device.publish("care/s1/fall-radar/r1/event", "fall")
            #expect(try await gateway.waitForMessages(count: 1).first?.text == "fall")
            await device.stop()
            await gateway.stop()
        }
    }
}
