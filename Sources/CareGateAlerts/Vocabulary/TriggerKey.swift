import CareGateCore

/// Identifies one device message: `(deviceId, seq, sourceTs)`, as the wire contract defines.
///
/// The engine records the key of every message that changed alert state and ignores a message whose
/// key it has already acted on. That is what makes the daemon's journal replay after a crash, and
/// a retained message re-sent by the broker, harmless: neither can raise a second alert.
public struct TriggerKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var deviceId: String
    public var seq: Int64?
    public var sourceTs: EpochMillis

    public init(deviceId: String, seq: Int64?, sourceTs: EpochMillis) {
        self.deviceId = deviceId
        self.seq = seq
        self.sourceTs = sourceTs
    }

    /// The key of `message`, or nil when the message cannot be told apart from a later identical
    /// one (no `seq` and a timestamp stamped by the gateway on receipt).
    public init?(_ message: DeviceMessage) {
        if message.seq == nil && message.stampedByGateway { return nil }
        self.init(deviceId: message.deviceId, seq: message.seq, sourceTs: message.sourceTs)
    }

    public var description: String { "\(deviceId)#\(seq.map(String.init) ?? "-")@\(sourceTs)" }
}
