import CMosquitto
import Logging

/// libmosquitto's callbacks, all of which run on the network thread.
///
/// The C functions capture nothing; they find the client through the userdata pointer, which
/// holds a retain on it (taken in `start`, released after the handle is destroyed), so borrowing
/// it without another retain is safe for the length of the call.
extension MQTTClient {
    /// Built in a `nonisolated` context: a C callback formed inside a main-actor function would
    /// carry that isolation and trap when libmosquitto calls it on the network thread.
    nonisolated static func callbackTable() -> LibMosquitto.CallbackTable {
        LibMosquitto.CallbackTable(
            connect: { _, context, reason, flags in
                MQTTClient.with(context) { $0.didConnect(reason: reason, flags: flags) }
            },
            disconnect: { _, context, reason in
                MQTTClient.with(context) { $0.didDisconnect(reason: reason) }
            },
            subscribe: { _, context, mid, count, granted in
                MQTTClient.with(context) { $0.didSubscribe(mid: mid, granted: UnsafeBufferPointer(start: granted, count: Int(count))) }
            },
            message: { _, context, message in
                guard let message else { return }
                MQTTClient.with(context) { $0.onMessage(MQTTMessageView(message.pointee)) }
            },
            publish: { _, context, mid in
                MQTTClient.with(context) { $0.didPublish(mid: mid) }
            }
        )
    }

    @inline(__always)
    private static func with(_ context: UnsafeMutableRawPointer?, _ body: (MQTTClient) -> Void) {
        guard let context else { return }
        Unmanaged<MQTTClient>.fromOpaque(context)._withUnsafeGuaranteedRef(body)
    }

    private func didConnect(reason: Int32, flags: Int32) {
        let broker = "\(configuration.host):\(configuration.port)"
        guard reason == 0 else {
            let error = MQTTError.connectionRefused(reason: reason, version: configuration.protocolVersion, context: "connect \(broker)")
            logFailure(error)
            shared.withLock { $0.status.refused(error) }
            return
        }
        let sessionPresent = flags & 1 != 0
        updateStatus { $0.accepted(at: .now, sessionPresent: sessionPresent) }
        logger.info("mqtt connected", metadata: ["mqtt.broker": "\(broker)", "mqtt.session_present": "\(sessionPresent)"])
        if let birth = configuration.birth { publishBirth(birth) }
        subscribeAll()
    }

    private func publishBirth(_ birth: MQTTOutgoingMessage) {
        let (status, _) = birth.topic.withCString { topic in
            birth.payload.withUnsafeBytes { payload in
                LibMosquitto.publish(handle.pointer, topic: topic, payload: payload, qos: birth.qos, retain: birth.retain)
            }
        }
        guard status != LibMosquitto.success else { return }
        let error = MQTTError(returnCode: status, context: "birth \(birth.topic)")
        logger.error("mqtt birth publish failed", metadata: ["mqtt.error": "\(error.message)"])
        shared.withLock { $0.status.failed(error) }
    }

    /// Subscribes to every configured filter, one SUBSCRIBE packet per QoS level (libmosquitto's
    /// multiple-subscribe takes one QoS for all its filters). Done on every connect: a broker that
    /// lost the session (restarted without persistence) would otherwise leave the gateway deaf.
    private func subscribeAll() {
        var mids: [Int32] = []
        for qos in MQTTQoS.allCases {
            let filters = configuration.subscriptions.filter { $0.qos == qos }.map(\.filter)
            guard !filters.isEmpty else { continue }
            let (status, mid) = LibMosquitto.subscribe(handle.pointer, filters: filters, qos: qos)
            guard status == LibMosquitto.success else {
                let error = MQTTError(returnCode: status, context: "subscribe \(filters.joined(separator: ","))")
                logger.error("mqtt subscribe failed", metadata: ["mqtt.error": "\(error.message)"])
                shared.withLock { $0.status.failed(error) }
                // Readiness must not be reported without this subscription; the mid stays pending.
                mids.append(-1)
                continue
            }
            mids.append(mid)
        }
        updateStatus { $0.subscriptionsSent(mids) }
    }

    private func didSubscribe(mid: Int32, granted: UnsafeBufferPointer<Int32>) {
        // 0x80 in a SUBACK means the broker refused that filter (ACL, or a bad filter).
        var refusal: MQTTError?
        if granted.contains(where: { $0 >= 0x80 }) {
            refusal = MQTTError(code: .aclDenied, message: "the broker refused a subscription", context: "subscribe")
            logger.error("mqtt subscription refused", metadata: ["mqtt.mid": "\(mid)"])
        }
        updateStatus { $0.subscriptionAcknowledged(mid: mid, refusal: refusal) }
        if refusal == nil && isReady { logger.info("mqtt subscribed") }
    }

    private func didPublish(mid: Int32) {
        if mid == stopMessageMid.load(ordering: .relaxed) {
            stopMessageAcknowledged.store(true, ordering: .relaxed)
        }
        onPublished?(mid)
    }

    private func didDisconnect(reason: Int32) {
        // Reason 0 is the client's own DISCONNECT on a graceful stop: nothing to warn about.
        let error = reason == 0 ? nil : MQTTError(returnCode: reason, context: "connection")
        if let error, state == .connected {
            logger.warning("mqtt connection lost", metadata: ["mqtt.error": "\(error.message)"])
        }
        updateStatus { $0.connectionEnded(error: error) }
    }
}
