import CareGateCore
import CareGateMQTT
import Foundation
import Logging

extension Gateway {
    /// The gateway's broker connection: a persistent session under a stable client id, QoS 1
    /// subscriptions to every profile topic and to staff acknowledgements, and the gateway's own
    /// availability as birth and last will.
    static func makeClient(
        configuration: GatewayConfiguration, catalog: ProfileCatalog, processor: IngestProcessor,
        commands: GatewayCommandTopics, outputs: AlertOutputs, logger: Logger
    ) throws -> MQTTClient {
        let site = configuration.site
        var mqtt = try mqttConfiguration(configuration.broker, clientId: configuration.effectiveClientId)
        mqtt.announceAvailability(on: "care/\(site)/gateway/availability")
        // `care/+/#` also covers the acknowledgement topic, so it needs no subscription of its own.
        mqtt.subscriptions = ingestFilters(catalog).map { MQTTSubscription($0, qos: .atLeastOnce) }
        return try MQTTClient(
            configuration: mqtt, logger: logger,
            onMessage: { message in
                if commands.handle(message) { return }
                processor.receive(
                    topic: message.topicBytes, payload: message.payload, qos: message.qos.rawValue, retained: message.retain)
            },
            onPublished: { mid in outputs.acknowledged(mid: mid) },
            onStateChange: { state in
                if state == .connected { outputs.republishUnacknowledged() }
            })
    }

    /// A client configuration from a `broker:`-style section (the site's broker, or the bridge's):
    /// address, credentials, TLS, keep-alive, backoff and in-flight window, persistent session.
    static func mqttConfiguration(_ broker: GatewayConfiguration.Broker, clientId: String) throws -> MQTTConfiguration {
        var mqtt = MQTTConfiguration(broker: try BrokerURL(parsing: broker.url), clientId: clientId)
        mqtt.keepAliveSeconds = broker.keepAliveSeconds
        mqtt.username = broker.username
        mqtt.password = try broker.password ?? broker.passwordFile.map(readSecret(from:))
        if mqtt.tls != nil || broker.caFile != nil || broker.certFile != nil {
            mqtt.tls = MQTTTLSConfiguration(
                caFile: broker.caFile, certificateFile: broker.certFile, privateKeyFile: broker.keyFile,
                allowInsecureHostname: broker.tlsInsecure)
        }
        mqtt.reconnect = ReconnectBackoff(
            minimumDelay: .milliseconds(broker.reconnectMinMillis), maximumDelay: .milliseconds(broker.reconnectMaxMillis))
        mqtt.maxInflightMessages = broker.maxInflight
        return mqtt
    }

    /// What the gateway subscribes to for devices: the whole native namespace `care/+/#`, so a
    /// device with a mistyped kind or site id is quarantined (`no_profile`, `site_mismatch`)
    /// instead of going unseen, plus each vendor topic its profiles name.
    static func ingestFilters(_ catalog: ProfileCatalog) -> [String] {
        let native = "care/+/#"
        return [native] + catalog.subscriptionFilters(site: nil).filter { !$0.hasPrefix("care/") }
    }

    /// The first line of a secret file, without its newline.
    static func readSecret(from path: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw GatewayError("cannot read the broker password file \(path)")
        }
        return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }
}
