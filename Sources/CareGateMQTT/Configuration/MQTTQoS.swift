/// MQTT quality of service levels.
///
/// An enum so that an invalid level cannot reach libmosquitto, which would reject it only at
/// publish time on the network thread.
public enum MQTTQoS: UInt8, Sendable, Hashable, CaseIterable {
    case atMostOnce = 0
    case atLeastOnce = 1
    case exactlyOnce = 2
}
