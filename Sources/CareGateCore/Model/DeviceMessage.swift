/// A message decoded through its device profile into canonical readings and events.
///
/// This is what every later stage sees: the alert lanes, the durable buffer, the registry and the
/// metering. Vendor field names, units and enumerations are gone; what remains is the contract's
/// vocabulary.
public struct DeviceMessage: Sendable {
    /// The device, as named by the topic or payload through the profile.
    public var deviceId: String
    /// The profile that decoded it.
    public var profileId: String
    public var kind: DeviceKind
    public var role: MessageRole
    public var topic: String
    /// The device's own timestamp, or the receipt time when the payload carried none.
    public var sourceTs: EpochMillis
    /// True when `sourceTs` is the gateway's receipt time, not the device's.
    public var stampedByGateway: Bool
    /// The device's per-device message counter, when the payload carries one.
    public var seq: Int64?
    public var receivedAt: EpochMillis
    public var retained: Bool
    public var qos: UInt8
    public var readings: [Reading]
    public var events: [DeviceEvent]
    /// For `availability` messages: whether the device says it is online.
    public var online: Bool?

    public init(
        deviceId: String, profileId: String, kind: DeviceKind, role: MessageRole, topic: String,
        sourceTs: EpochMillis, stampedByGateway: Bool, seq: Int64?, receivedAt: EpochMillis,
        retained: Bool, qos: UInt8, readings: [Reading] = [], events: [DeviceEvent] = [],
        online: Bool? = nil
    ) {
        self.deviceId = deviceId
        self.profileId = profileId
        self.kind = kind
        self.role = role
        self.topic = topic
        self.sourceTs = sourceTs
        self.stampedByGateway = stampedByGateway
        self.seq = seq
        self.receivedAt = receivedAt
        self.retained = retained
        self.qos = qos
        self.readings = readings
        self.events = events
        self.online = online
    }
}
