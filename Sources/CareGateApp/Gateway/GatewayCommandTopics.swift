import CareGateAlerts
import CareGateCore
import CareGateMQTT
import Foundation
import Logging

/// Gateway topics, set apart before ingest: staff devices acknowledge an alert by publishing
/// `{"by": "<staff id>", "note": "..."}` to `care/{site}/gateway/alerts/{alertId}/ack`; every other
/// `care/{any site}/gateway/...` topic is a gateway's own output (this one's alerts coming back
/// through the `care/+/#` subscription, or another site's gateway on a shared broker), not device
/// data, and is passed over.
///
/// Checked for every message by comparing a few bytes, so device traffic pays almost nothing.
struct GatewayCommandTopics: Sendable {
    private let prefix: [UInt8]
    private let engine: AlertEngine
    private let logger: Logger

    init(site: String, engine: AlertEngine, logger: Logger) {
        prefix = Array("care/\(site)/gateway/".utf8)
        self.engine = engine
        self.logger = logger
    }

    /// Handles the message if it is on a gateway topic; returns false for device traffic.
    func handle(_ message: MQTTMessageView) -> Bool {
        let topic = message.topicBytes
        guard Self.isGatewayTopic(topic) else { return false }
        guard topic.count > prefix.count, prefix.withUnsafeBytes({ topic.starts(with: $0) }) else { return true }
        let rest = String(decoding: topic[prefix.count...], as: UTF8.self).split(separator: "/")
        guard rest.count == 3, rest[0] == "alerts", rest[2] == "ack" else { return true }
        acknowledge(alertId: String(rest[1]), payload: Array(message.payload))
        return true
    }

    /// `care/<one level>/gateway/...`.
    static func isGatewayTopic(_ topic: UnsafeRawBufferPointer) -> Bool {
        let care = "care/".utf8, gateway = "/gateway/".utf8
        guard topic.count > care.count + gateway.count, topic.starts(with: care) else { return false }
        guard let slash = topic[care.count...].firstIndex(of: UInt8(ascii: "/")) else { return false }
        return topic[slash...].starts(with: gateway)
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
