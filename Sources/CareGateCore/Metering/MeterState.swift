/// What the meter remembers about one device between messages: enough to integrate in-use time
/// and to turn monotonic counters into deltas.
///
/// It is persisted with the usage deltas it produced (in the same transaction), so that after a
/// restart the meter continues exactly where the stored figures end.
public struct MeterState: Sendable, Hashable {
    /// Device time of the latest in-order message.
    public var lastTs: EpochMillis?
    /// The profile's in-use condition held at the latest reading of its metric.
    public var inUse = false
    /// A session was started and not ended.
    public var sessionOpen = false
    /// The latest odometer reading (mm) and its device time.
    public var odometerMillimetres: Int64?
    public var odometerTs: EpochMillis?
    /// The latest device-side counters from the `meter` topic, and their device time. Once a
    /// counter has been seen, the device's own figure replaces the gateway's derived one.
    public var counterUsageMillis: Int64?
    public var counterDistanceMillimetres: Int64?
    public var counterSessions: Int64?
    public var counterTs: EpochMillis?

    public init() {}
}
