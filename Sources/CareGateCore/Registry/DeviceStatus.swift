/// What the gateway has observed of a device: when it last spoke, whether it says it is online,
/// and its battery. Kept in memory on the hot path and persisted periodically.
public struct DeviceStatus: Sendable, Hashable, Codable {
    public var lastSeen: EpochMillis?
    /// From the device's availability topic (its last will), when it has one.
    public var online: Bool?
    public var availabilityChangedAt: EpochMillis?
    public var battery: Double?
    public var batteryAt: EpochMillis?

    public init(
        lastSeen: EpochMillis? = nil, online: Bool? = nil, availabilityChangedAt: EpochMillis? = nil,
        battery: Double? = nil, batteryAt: EpochMillis? = nil
    ) {
        self.lastSeen = lastSeen
        self.online = online
        self.availabilityChangedAt = availabilityChangedAt
        self.battery = battery
        self.batteryAt = batteryAt
    }
}
