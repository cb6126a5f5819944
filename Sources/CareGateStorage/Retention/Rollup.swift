import CareGateCore

/// One device's numeric metric over one minute (by the reading's own timestamp): kept after the
/// raw readings are purged, for long-term trends.
public struct Rollup: Sendable, Hashable, Codable {
    public var deviceId: String
    public var metric: String
    /// Start of the minute, ms since the epoch.
    public var minute: EpochMillis
    public var count: Int64
    public var min: Double
    public var max: Double
    public var sum: Double
    /// The value with the latest timestamp in the minute, and that timestamp.
    public var last: Double
    public var lastTs: EpochMillis

    public var mean: Double { sum / Double(count) }

    public init(
        deviceId: String, metric: String, minute: EpochMillis, count: Int64, min: Double, max: Double, sum: Double,
        last: Double, lastTs: EpochMillis
    ) {
        self.deviceId = deviceId
        self.metric = metric
        self.minute = minute
        self.count = count
        self.min = min
        self.max = max
        self.sum = sum
        self.last = last
        self.lastTs = lastTs
    }

    /// Start of the minute holding `ts`.
    public static func minute(of ts: EpochMillis) -> EpochMillis {
        ts - ((ts % 60_000) + 60_000) % 60_000
    }

    /// Adds one reading.
    mutating func add(_ value: Double, at ts: EpochMillis) {
        count += 1
        sum += value
        min = Swift.min(min, value)
        max = Swift.max(max, value)
        if ts >= lastTs { last = value; lastTs = ts }
    }
}

/// Folds readings into per-minute rollups keyed by device, metric and minute. Rollups are
/// mergeable (count, sum, min, max, latest value), so readings that arrive late, or in another
/// pass, update the stored minute instead of replacing it.
struct RollupAccumulator {
    struct Key: Hashable {
        var deviceId: String
        var metric: String
        var minute: EpochMillis
    }

    private(set) var rollups: [Key: Rollup] = [:]

    mutating func add(deviceId: String, metric: String, value: Double, ts: EpochMillis) {
        let key = Key(deviceId: deviceId, metric: metric, minute: Rollup.minute(of: ts))
        if rollups[key] == nil {
            rollups[key] = Rollup(
                deviceId: deviceId, metric: metric, minute: key.minute, count: 1, min: value, max: value, sum: value,
                last: value, lastTs: ts)
        } else {
            rollups[key]!.add(value, at: ts)
        }
    }
}
