import CareGateApp
import CareGateHTTP
import CareGateStorage
import Foundation
import Testing

/// The `bridge:` section of the configuration file.
struct BridgeConfigurationTests {
    @Test func theBridgeIsOffByDefaultAndTheShippedFileStatesItsDefaults() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../config/caregate.yaml").standardized.path
        let loaded = GatewayConfiguration.load(path: path)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.configuration.bridge == GatewayConfiguration.Bridge())
        #expect(!loaded.configuration.bridge.enabled)
        #expect(loaded.configuration.bridge.streams == SyncStream.allCases)
    }

    @Test func aBridgeIsReadWithTheBrokerKeys() {
        let loaded = GatewayConfiguration.parse(file: "caregate.yaml", text: """
            site: home-7
            bridge:
              enabled: true
              url: mqtts://cloud.example.org
              username: home-7
              password: secret
              ca_file: /etc/caregate/tls/cloud-ca.crt
              topic_prefix: platforms/{site}/records
              streams: [alerts, events]
              batch_size: 50
              max_inflight: 20
              reconnect_max_ms: 60000
            """)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let bridge = loaded.configuration.bridge
        #expect(bridge.enabled)
        #expect(bridge.broker.url == "mqtts://cloud.example.org")
        #expect(bridge.broker.username == "home-7" && bridge.broker.password == "secret")
        #expect(bridge.broker.caFile == "/etc/caregate/tls/cloud-ca.crt")
        #expect(bridge.prefix(site: "home-7") == "platforms/home-7/records")
        #expect(bridge.clientId(site: "home-7") == "caregate-bridge-home-7")
        #expect(bridge.streams == [.alerts, .events])
        #expect(bridge.batchSize == 50 && bridge.broker.maxInflight == 20)
        #expect(bridge.broker.reconnectMaxMillis == 60_000)
        // The site's own broker is untouched.
        #expect(loaded.configuration.broker == GatewayConfiguration.Broker())
    }

    @Test func everyProblemIsReportedAtItsLine() {
        let loaded = GatewayConfiguration.parse(file: "caregate.yaml", text: """
            bridge:
              enabled: true
              topic_prefix: caregate/#
              streams: [telemetry, rollups]
              batch_size: 0
              max_inflight: 70000
              password_file: /nonexistent
              password: x
              tls_insecure: maybe
              clientid: x
            """)
        let problems = loaded.problems
        #expect(problems.count == 8, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:2:") && $0.contains("bridge.url is required") })
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:3:") && $0.contains("wildcards") })
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:4:") && $0.contains("unknown stream 'rollups'") })
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:5:") && $0.contains("outside 1...10000") })
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:6:") && $0.contains("outside 1...65535") })
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:7:") && $0.contains("either password or password_file") })
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:9:") && $0.contains("true or false") })
        #expect(problems.contains { $0.hasPrefix("caregate.yaml:10:") && $0.contains("did you mean 'client_id'") })
    }

    @Test func aBadURLAndABadPlaceholderAreReported() {
        let loaded = GatewayConfiguration.parse(file: "caregate.yaml", text: """
            bridge:
              enabled: true
              url: http://cloud.example.org
              topic_prefix: "caregate/{site}/{room}"
            """)
        #expect(loaded.problems.count == 2, "\(loaded.problems)")
        #expect(loaded.problems.contains { $0.hasPrefix("caregate.yaml:3:") && $0.contains("unknown scheme") })
        #expect(loaded.problems.contains { $0.hasPrefix("caregate.yaml:4:") && $0.contains("{site}") })
    }

    @Test func checkConfigReportsUnreadableBridgeFilesAtTheirLine() {
        let loaded = GatewayConfiguration.parse(file: "caregate.yaml", text: """
            devices_dir: \(Self.devicesDirectory)
            bridge:
              enabled: true
              url: mqtt://cloud.example.org:1883
              username: site
              password_file: /nonexistent/bridge.password
            """)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let check = ConfigurationCheck.run(loaded, file: "caregate.yaml")
        #expect(check.problems == ["caregate.yaml:6: bridge.password_file /nonexistent/bridge.password cannot be read"])
    }

    @Test func aConsumerMayNotTakeTheBridgesName() {
        let loaded = GatewayConfiguration.parse(file: "caregate.yaml", text: """
            consumers:
              - name: bridge
                scopes: [telemetry:read]
                token_sha256: \(SHA256.hex("cgt_x"))
            """)
        #expect(loaded.problems == ["caregate.yaml:2: the name 'bridge' is reserved for the upstream MQTT bridge (bridge:)"])
        #expect(loaded.configuration.consumers.isEmpty)
    }

    static var devicesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Devices").standardized.path
    }
}
