/// The metered quantities of one device, contract and day, as additive amounts.
///
/// Durations are integer milliseconds and distances integer millimetres, so that adding the
/// pieces of a day (or the days of a month) is exact and the sum over days equals the device's
/// counters to the millimetre; the API shows them as seconds and metres. Figures merge: sums
/// add, `lastSeen` takes the later, battery takes the lower minimum and the later last reading,
/// which is what lets deltas from several batches (and late data) fold into one day.
public struct UsageFigures: Sendable, Hashable {
    public var inUseMillis: Int64 = 0
    public var distanceMillimetres: Int64 = 0
    public var sessions: Int64 = 0
    public var faults: Int64 = 0
    /// Messages the device sent that day (a health figure: a silent device is a broken one).
    public var messages: Int64 = 0
    /// Device time of the latest message of the day.
    public var lastSeen: EpochMillis?
    public var batteryMin: Double?
    public var batteryLast: Double?
    /// Device time of `batteryLast`.
    public var batteryLastAt: EpochMillis?

    public init() {}

    /// Adds `other` into these figures.
    public mutating func merge(_ other: UsageFigures) {
        inUseMillis += other.inUseMillis
        distanceMillimetres += other.distanceMillimetres
        sessions += other.sessions
        faults += other.faults
        messages += other.messages
        if let seen = other.lastSeen { lastSeen = max(lastSeen ?? seen, seen) }
        recordBattery(min: other.batteryMin, last: other.batteryLast, at: other.batteryLastAt)
    }

    /// Records a battery reading taken at device time `at`.
    public mutating func recordBattery(_ level: Double, at: EpochMillis) {
        recordBattery(min: level, last: level, at: at)
    }

    private mutating func recordBattery(min low: Double?, last: Double?, at: EpochMillis?) {
        if let low { batteryMin = Swift.min(batteryMin ?? low, low) }
        if let last, let at, at >= (batteryLastAt ?? .min) {
            batteryLast = last
            batteryLastAt = at
        }
    }
}
