import CareGateMQTT
import CareGateTestSupport
import Synchronization

/// Records what an `MQTTClient`'s handlers see on the network thread, for tests that drive the
/// client directly rather than through `MQTTTestClient`.
final class Recorder: Sendable {
    struct Received: Sendable, Hashable {
        var topic: String
        var topicBytes: [UInt8]
        var payload: [UInt8]
        var qos: MQTTQoS
        var retain: Bool
        var mid: Int32

        var text: String { String(decoding: payload, as: UTF8.self) }
    }

    let messages = Mutex<[Received]>([])
    let published = Mutex<[Int32]>([])
    let states = Mutex<[MQTTConnectionState]>([])

    func record(_ view: MQTTMessageView) {
        let received = Received(
            topic: view.topic, topicBytes: Array(view.topicBytes), payload: view.payloadBytes,
            qos: view.qos, retain: view.retain, mid: view.mid)
        messages.withLock { $0.append(received) }
    }

    /// A client whose handlers all feed this recorder.
    func client(_ configuration: MQTTConfiguration) throws -> MQTTClient {
        try MQTTClient(
            configuration: configuration,
            logger: MQTTTestClient.quietLogger,
            onMessage: { [self] view in record(view) },
            onPublished: { [self] mid in published.withLock { $0.append(mid) } },
            onStateChange: { [self] state in states.withLock { $0.append(state) } }
        )
    }
}
