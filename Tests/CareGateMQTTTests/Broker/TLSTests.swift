import CareGateMQTT
import CareGateTestSupport
import Testing

extension LiveBroker {
    @Suite struct TLSTests {
        private func broker(_ authority: TestCertificateAuthority, requireClientCertificate: Bool = false) async throws -> MosquittoBroker {
            try await MosquittoBroker.start(MosquittoBroker.Options(tls: MosquittoBroker.TLSListener(
                caFile: authority.caFile, certificateFile: authority.serverCertificate, keyFile: authority.serverKey,
                requireClientCertificate: requireClientCertificate)))
        }

        private func gatewayConfiguration(_ broker: MosquittoBroker, tls: MQTTTLSConfiguration) throws -> MQTTConfiguration {
            let url = try BrokerURL(parsing: "mqtts://127.0.0.1:\(try #require(broker.tlsPort))")
            var configuration = MQTTConfiguration(broker: url, clientId: "gateway")
            configuration.tls = tls
            configuration.subscriptions = [MQTTSubscription("care/#")]
            return configuration
        }

        @Test func mqttsWithTheSitesCAReceivesMessages() async throws {
            let authority = try await TestCertificateAuthority.make()
            let broker = try await broker(authority)
            let recorder = Recorder()
            let gateway = try recorder.client(gatewayConfiguration(broker, tls: MQTTTLSConfiguration(caFile: authority.caFile)))
            try gateway.start()
            try await gateway.waitUntilReady(timeout: .seconds(5))

            let device = try await MQTTTestClient.connected(port: broker.port, clientId: "pendant-1")
            try device.publish("care/s1/call-button/p1/event", "sos")
            try await MQTTTestClient.poll(timeout: .seconds(5), "the message over TLS") { recorder.messages.withLock { $0.count == 1 } }
            #expect(recorder.messages.withLock { $0.first?.text } == "sos")
            await device.stop()
            await gateway.stop()
        }

        @Test func aBrokerSignedByAnotherCAIsNotTrusted() async throws {
            let authority = try await TestCertificateAuthority.make()
            let stranger = try await TestCertificateAuthority.make()
            let broker = try await broker(authority)
            let gateway = try MQTTClient(
                configuration: gatewayConfiguration(broker, tls: MQTTTLSConfiguration(caFile: stranger.caFile)),
                logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            try gateway.start()
            await #expect(throws: MQTTError.self) { try await gateway.waitUntilReady(timeout: .milliseconds(800)) }
            #expect(gateway.statistics.connects == 0)
            #expect(gateway.statistics.lastError?.code == .tls)
            await gateway.stop()
        }

        @Test func clientCertificateIsPresentedWhenTheBrokerRequiresOne() async throws {
            let authority = try await TestCertificateAuthority.make()
            let broker = try await broker(authority, requireClientCertificate: true)

            let withoutCertificate = try MQTTClient(
                configuration: gatewayConfiguration(broker, tls: MQTTTLSConfiguration(caFile: authority.caFile)),
                logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            try withoutCertificate.start()
            await #expect(throws: MQTTError.self) { try await withoutCertificate.waitUntilReady(timeout: .milliseconds(800)) }
            await withoutCertificate.stop()

            let tls = MQTTTLSConfiguration(
                caFile: authority.caFile, certificateFile: authority.clientCertificate, privateKeyFile: authority.clientKey)
            let gateway = try MQTTClient(configuration: gatewayConfiguration(broker, tls: tls), logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            try gateway.start()
            try await gateway.waitUntilReady(timeout: .seconds(5))
            #expect(gateway.statistics.connects == 1)
            await gateway.stop()
        }
    }
}
