import CareGateCore
import CareGateStorage

extension GatewayConfiguration {
    /// `bridge:` the upstream MQTT bridge, for platforms that cannot pull: every record of the
    /// chosen streams is published at QoS 1 to a cloud broker as `{topic_prefix}/{stream}`, and
    /// counts as synced once that broker acknowledged it (see `UpstreamBridge`). Off by default.
    ///
    /// The connection keys are the `broker:` section's (`url`, `client_id`, `username`,
    /// `password`/`password_file`, `keepalive_s`, `reconnect_min_ms`, `reconnect_max_ms`,
    /// `ca_file`, `cert_file`, `key_file`, `tls_insecure`, `max_inflight`), read by the same code,
    /// with defaults suited to a distant broker.
    public struct Bridge: Sendable, Hashable {
        /// `enabled`: run the bridge (`url` is then required).
        public var enabled = false
        /// The cloud broker connection; `max_inflight` bounds the records awaiting their PUBACK.
        public var broker = Bridge.defaultBroker
        /// `topic_prefix`: where records go, `{site}` replaced by the site id.
        public var topicPrefix = "caregate/{site}"
        /// `streams`: which sync streams are bridged.
        public var streams: [SyncStream] = SyncStream.allCases
        /// `batch_size`: most records read from the buffer at a time.
        public var batchSize = 500

        public init() {}

        /// The connection defaults: no URL (it must be given), reconnects backing off up to 30 s,
        /// 100 records in flight.
        static var defaultBroker: Broker {
            var broker = Broker()
            broker.url = ""
            broker.reconnectMinMillis = 500
            broker.reconnectMaxMillis = 30_000
            broker.maxInflight = 100
            return broker
        }

        /// The topic prefix for `site`.
        public func prefix(site: String) -> String {
            topicPrefix.replacingOccurrences(of: "{site}", with: site)
        }

        /// The client id: `client_id`, default `caregate-bridge-<site>`.
        public func clientId(site: String) -> String {
            broker.clientId ?? "caregate-bridge-\(site)"
        }
    }
}

extension GatewayConfiguration.Bridge {
    static let keys = ["enabled", "topic_prefix", "streams", "batch_size"] + GatewayConfiguration.Broker.keys

    mutating func read(_ map: YAMLMap) {
        enabled = map.bool("enabled") ?? enabled
        broker.read(map)
        if enabled && !map.has("url") {
            map.report("bridge.url is required when the bridge is enabled (mqtt://HOST:PORT or mqtts://HOST:PORT)", at: "enabled")
        }
        if let value = map.value("topic_prefix"), let text = value.string() {
            if let problem = Self.topicPrefixProblem(text) { value.report(problem) } else { topicPrefix = text }
        }
        if let value = map.value("streams"), let names = value.stringList() {
            var chosen: [SyncStream] = []
            var valid = true
            for name in names {
                guard let stream = SyncStream(rawValue: name) else {
                    value.report("unknown stream '\(name)' (one of \(SyncStream.allCases.map(\.rawValue).joined(separator: ", ")))")
                    valid = false
                    continue
                }
                if !chosen.contains(stream) { chosen.append(stream) }
            }
            if valid && chosen.isEmpty { value.report("give at least one stream, or set enabled: false") }
            if valid && !chosen.isEmpty { streams = chosen }
        }
        batchSize = map.int("batch_size", in: 1...10_000) ?? batchSize
    }

    /// Why `text` cannot prefix MQTT topics, or nil when it can.
    static func topicPrefixProblem(_ text: String) -> String? {
        if text.isEmpty { return "topic_prefix is empty" }
        if text.contains("+") || text.contains("#") { return "topic_prefix '\(text)' must not contain the wildcards + or #" }
        if text.hasPrefix("/") || text.hasSuffix("/") { return "topic_prefix '\(text)' must not begin or end with /" }
        let rest = text.replacingOccurrences(of: "{site}", with: "")
        if rest.contains("{") || rest.contains("}") { return "topic_prefix '\(text)': the only placeholder is {site}" }
        return nil
    }
}
