import CareGateAlerts
import CareGateCore
import CareGateMQTT
import Foundation
import Logging

/// The gateway's own inbound topics: staff devices acknowledge an alert by publishing
/// `{"by": "<staff id>", "note": "..."}` to `care/{site}/gateway/alerts/{alertId}/ack`.
///
/// Checked before ingest for every message by a byte-prefix comparison, so device traffic pays
/// almost nothing for it.
struct GatewayCommandTopics: Sendable {
    private let prefix: [UInt8]
    private let engine: AlertEngine
    private let logger: Logger

    init(site: String, engine: AlertEngine, logger: Logger) {
        prefix = Array("care/\(site)/gateway/".utf8)
        self.engine = engine
        self.logger = logger
    }

    var subscriptions: [MQTTSubscription] {
        [MQTTSubscription(String(decoding: prefix, as: UTF8.self) + "alerts/+/ack", qos: .atLeastOnce)]
    }

    /// Handles the message if it is one of the gateway's own topics; returns false otherwise.
    func handle(_ message: MQTTMessageView) -> Bool {
        let topic = message.topicBytes
        guard topic.count > prefix.count, prefix.withUnsafeBytes({ topic.starts(with: $0) }) else { return false }
        let rest = String(decoding: topic[prefix.count...], as: UTF8.self).split(separator: "/")
        guard rest.count == 3, rest[0] == "alerts", rest[2] == "ack" else { return true }
        acknowledge(alertId: String(rest[1]), payload: Array(message.payload))
        return true
    }

    private func acknowledge(alertId: String, payload: [UInt8]) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
            let by = object["by"] as? String, !by.isEmpty
        else {
            logger.warning("ignored an acknowledgement without a staff id", metadata: ["alert.id": "\(alertId)"])
            return
        }
        let note = object["note"] as? String
        Task { [engine, logger] in
            do {
                _ = try await engine.acknowledge(alertId: alertId, by: by, note: note)
            } catch {
                logger.notice("acknowledgement over MQTT refused", metadata: ["alert.id": "\(alertId)", "reason": "\(error)"])
            }
        }
    }
}
