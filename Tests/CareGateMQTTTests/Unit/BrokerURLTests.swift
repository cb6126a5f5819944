import CareGateMQTT
import Testing

@Suite struct BrokerURLTests {
    @Test(arguments: [
        ("mqtt://127.0.0.1:1883", "127.0.0.1", 1883, false),
        ("mqtt://broker.local", "broker.local", 1883, false),
        ("mqtts://broker.local", "broker.local", 8883, true),
        ("MQTTS://broker.local:9000/", "broker.local", 9000, true),
        ("mqtt://[::1]:1884", "::1", 1884, false),
        ("mqtts://[fe80::1]", "fe80::1", 8883, true),
    ])
    func parsesHostPortAndScheme(text: String, host: String, port: Int, tls: Bool) throws {
        let url = try BrokerURL(parsing: text)
        #expect(url == BrokerURL(host: host, port: port, usesTLS: tls))
    }

    @Test(arguments: [
        ("127.0.0.1:1883", "expected mqtt://"),
        ("http://broker:1883", "unknown scheme \"http\""),
        ("mqtt://", "missing host"),
        ("mqtt://:1883", "missing host"),
        ("mqtt://broker:", "port must be"),
        ("mqtt://broker:0", "port must be"),
        ("mqtt://broker:65536", "port must be"),
        ("mqtt://broker:18x3", "port must be"),
        ("mqtt://broker:+1883", "port must be"),
        ("mqtt://user:secret@broker:1883", "credentials"),
        ("mqtt://broker:1883/care", "no path"),
        ("mqtt://[::1:1883", "unclosed"),
        ("mqtt://[::1]x", "after IPv6"),
    ])
    func rejectsBadInputWithAClearReason(text: String, reason: String) {
        #expect {
            try BrokerURL(parsing: text)
        } throws: { error in
            guard let error = error as? MQTTError else { return false }
            return error.code == .invalid && error.message.contains(reason) && error.message.contains(text)
        }
    }

    @Test func printsInTheFormItParses() throws {
        for text in ["mqtt://127.0.0.1:1883", "mqtts://[::1]:8883"] {
            #expect(try BrokerURL(parsing: text).description == text)
        }
    }

    @Test func configurationFromAnMqttsURLTurnsTLSOn() throws {
        let plain = MQTTConfiguration(broker: try BrokerURL(parsing: "mqtt://h:1"), clientId: "g")
        let secure = MQTTConfiguration(broker: try BrokerURL(parsing: "mqtts://h"), clientId: "g")
        #expect(plain.tls == nil)
        #expect(secure.tls == MQTTTLSConfiguration())
        #expect(secure.port == 8883)
    }
}
