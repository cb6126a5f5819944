import CMosquitto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A received message, viewed in libmosquitto's own buffers: nothing is copied to hand it over.
///
/// Valid only during the handler call that receives it; the pointers dangle afterwards, so a
/// handler copies what it keeps (the ingest journal copies the bytes into its mapped file). It is
/// deliberately not `Sendable` so that it cannot be sent to another task by accident.
///
/// libmosquitto 2.0.11 has already sent the PUBACK of a QoS 1 message when the handler runs: the
/// handler is the last moment the message can be made durable.
public struct MQTTMessageView {
    /// The topic as a NUL-terminated C string.
    public let topicPointer: UnsafePointer<CChar>
    /// Bytes in the topic, without the terminating NUL.
    public let topicLength: Int
    public let payload: UnsafeRawBufferPointer
    public let qos: MQTTQoS
    public let retain: Bool
    /// The broker's packet id for QoS 1/2 (0 for QoS 0); it is reused, so it identifies nothing
    /// beyond one in-flight exchange.
    public let mid: Int32

    init(_ message: mosquitto_message) {
        // libmosquitto never delivers a message without a topic; an empty one keeps the view total.
        let topic = message.topic.map { UnsafePointer($0) }
            ?? UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
        topicPointer = topic
        topicLength = strlen(topic)
        payload = UnsafeRawBufferPointer(start: message.payload, count: Int(max(0, message.payloadlen)))
        qos = MQTTQoS(rawValue: UInt8(truncatingIfNeeded: message.qos)) ?? .atMostOnce
        retain = message.retain
        mid = message.mid
    }

    /// The topic's UTF-8 bytes, without copying.
    public var topicBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: topicPointer, count: topicLength)
    }

    /// The topic as a Swift `String`; this allocates, so the hot path prefers `topicBytes`.
    public var topic: String { String(cString: topicPointer) }

    /// A copy of the payload that outlives the call.
    public var payloadBytes: [UInt8] { Array(payload) }
}

@available(*, unavailable, message: "the view is valid only during the handler call; copy what you keep")
extension MQTTMessageView: Sendable {}
