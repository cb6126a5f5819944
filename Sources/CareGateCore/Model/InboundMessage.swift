/// A message as it arrived from the broker, before decoding: the bytes are a copy the gateway owns.
public struct InboundMessage: Sendable {
    public var topic: String
    public var payload: [UInt8]
    public var qos: UInt8
    public var retained: Bool
    public var receivedAt: EpochMillis

    public init(topic: String, payload: [UInt8], qos: UInt8 = 1, retained: Bool = false, receivedAt: EpochMillis) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retained = retained
        self.receivedAt = receivedAt
    }
}
