/// What metering needs from a device profile: its usage definition and how long a silence may be
/// before the meter stops assuming the device is still in use.
public struct MeterProfile: Sendable, Hashable {
    public var usage: UsageSpec?
    /// The longest span between two messages that counts in full as in use: a multiple of the
    /// profile's keep-alive, so a device that went silent while "in use" accrues at most this.
    public var gapCapMillis: Int64

    public init(usage: UsageSpec?, gapCapMillis: Int64) {
        self.usage = usage
        self.gapCapMillis = gapCapMillis
    }

    /// The metering view of `profile`; `keepalives` is how many keep-alive periods of silence
    /// still count as use (one missed message is tolerated by the default of 2).
    public init(_ profile: DeviceProfile, keepalives: Int) {
        self.init(usage: profile.usage, gapCapMillis: Int64(max(1, profile.keepaliveSeconds) * max(1, keepalives)) * 1000)
    }

    /// Event types counted as faults: device failures and safety stops that a rental service
    /// sends a technician for.
    public static let faultEvents: Set<String> = ["fault", "motor_fault", "estop", "collision", "tip_over", "overload"]
}
