import CareGateMQTT
import CareGateTestSupport
import Testing

@Suite struct ConfigurationTests {
    private func rejects(_ key: String, _ change: (inout MQTTConfiguration) -> Void) -> Bool {
        var configuration = MQTTConfiguration(clientId: "gateway")
        change(&configuration)
        do {
            _ = try MQTTClient(configuration: configuration, logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            return false
        } catch {
            return error.code == .invalid && error.context == key
        }
    }

    @Test func invalidSettingsFailAtCreationNamingTheKey() {
        #expect(rejects("clientId") { $0.clientId = "" })
        #expect(rejects("port") { $0.port = 0 })
        #expect(rejects("keepAliveSeconds") { $0.keepAliveSeconds = 2 })
        #expect(rejects("password") { $0.password = "secret" })
        #expect(rejects("reconnect") { $0.reconnect = ReconnectBackoff(minimumDelay: .seconds(3), maximumDelay: .seconds(2)) })
        #expect(rejects("tls") { $0.tls = MQTTTLSConfiguration(caFile: "/nonexistent/ca.pem") })
        #expect(rejects("tls") { $0.tls = MQTTTLSConfiguration(certificateFile: "/tmp/c.pem") })
        #expect(rejects("subscriptions") { $0.subscriptions = [MQTTSubscription("")] })
    }

    @Test func availabilityIsRetainedOnlineAndOfflineAtQoS1() {
        var configuration = MQTTConfiguration(clientId: "gateway")
        configuration.announceAvailability(on: "care/s1/gateway/availability")
        #expect(configuration.birth == MQTTOutgoingMessage(topic: "care/s1/gateway/availability", text: "online", qos: .atLeastOnce, retain: true))
        #expect(configuration.will == MQTTOutgoingMessage(topic: "care/s1/gateway/availability", text: "offline", qos: .atLeastOnce, retain: true))
    }

    @Test func errorCodesReadAsLibmosquittoText() {
        #expect(MQTTError.Code.noConnection.description == "The client is not currently connected.")
        #expect(MQTTError.Code(rawValue: 5) == .connectionRefused)
        let error = MQTTError(code: .timeout, message: "not ready", context: "waitUntilReady")
        #expect(error.description == "MQTT error 27 (waitUntilReady): not ready")
    }
}
