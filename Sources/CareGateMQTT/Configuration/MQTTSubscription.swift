/// A topic filter the client subscribes to on every connect, with the QoS it asks for.
public struct MQTTSubscription: Sendable, Hashable {
    public var filter: String
    public var qos: MQTTQoS

    public init(_ filter: String, qos: MQTTQoS = .atLeastOnce) {
        self.filter = filter
        self.qos = qos
    }
}
