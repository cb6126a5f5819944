import CareGateCore

/// One MQTT publish the simulator asks for, with the outcome the gateway must reach for it.
///
/// Every message carries its expected outcome so that an acceptance run can publish a stream and
/// then check the gateway's store and quarantine against it message by message.
public struct SimulatedMessage: Sendable, Hashable {
    /// Milliseconds after the start of the simulation at which to publish; the device timestamp
    /// inside the payload (where the format has one) is the plan's start plus this offset.
    public var offset: EpochMillis
    public var topic: String
    public var payload: [UInt8]
    public var qos: UInt8
    public var retain: Bool
    public var expected: Expectation
    /// The simulated device the message comes from or is aimed at, if any (a `no_profile` message
    /// on a made-up topic has none).
    public var deviceId: String?
    public var kind: DeviceKind?

    public init(
        offset: EpochMillis, topic: String, payload: [UInt8], qos: UInt8, retain: Bool, expected: Expectation,
        deviceId: String? = nil, kind: DeviceKind? = nil
    ) {
        self.offset = offset
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.expected = expected
        self.deviceId = deviceId
        self.kind = kind
    }
}

/// What the gateway must do with a simulated message.
public enum Expectation: Sendable, Hashable, CustomStringConvertible {
    /// Decoded and stored exactly once, for this device and role.
    case valid(deviceId: String, role: MessageRole)
    /// Quarantined with exactly this reason.
    case quarantined(QuarantineReason)
    /// A deliberate re-send of an earlier valid message (same seq and ts): recognised and not
    /// stored a second time.
    case duplicate(deviceId: String)
    /// Matched a profile's `ignore` list: counted as ignored, neither stored nor quarantined.
    case ignored

    public var description: String {
        switch self {
        case .valid(let device, let role): "valid(\(device), \(role.rawValue))"
        case .quarantined(let reason): "quarantined(\(reason))"
        case .duplicate(let device): "duplicate(\(device))"
        case .ignored: "ignored"
        }
    }
}
