import CMosquitto

/// The MQTT protocol version the client speaks.
///
/// 3.1.1 is the default because every device broker supports it; MQTT 5 is there for brokers that
/// need it (shared subscriptions on a cluster). An MQTT 5 persistent session also sends a Session
/// Expiry Interval, without which the broker would forget the session on disconnect.
public enum MQTTProtocolVersion: Sendable, Hashable {
    case v311
    case v5

    var libmosquittoValue: Int32 {
        switch self {
        case .v311: MQTT_PROTOCOL_V311
        case .v5: MQTT_PROTOCOL_V5
        }
    }
}
