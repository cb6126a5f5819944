import CareGateCore

/// What the registry says about supervising one device for silence: whether it is safety-critical
/// (fall radars, call buttons, bed sensors of high-risk residents: the lead's registry decides),
/// its expected keep-alive, and when it was last seen, if the gateway remembers.
public struct DeviceSupervision: Sendable, Hashable, Codable {
    public var deviceId: String
    public var safetyCritical: Bool
    /// The device's expected reporting interval; the offline threshold is at least 1.5 × this.
    public var keepAliveSeconds: Double?
    /// The last message time the gateway persisted for it (`DeviceStatus.lastSeen`), if any.
    public var lastSeen: EpochMillis?

    public init(deviceId: String, safetyCritical: Bool, keepAliveSeconds: Double? = nil, lastSeen: EpochMillis? = nil) {
        self.deviceId = deviceId
        self.safetyCritical = safetyCritical
        self.keepAliveSeconds = keepAliveSeconds
        self.lastSeen = lastSeen
    }
}
