/// One subscriber's throughput run: `messages` published, how many reached the end of its path,
/// and the rate from the first publish to the last arrival (wall clock, so times read from other
/// processes compare).
struct ThroughputResult: Codable, Sendable {
    /// `broker (do-nothing subscriber)`, `mosquitto_sub`, `naive python`, `caregate`.
    var subscriber: String
    var qos: Int
    var published: Int
    /// Messages that arrived (or, for CareGate and the naive gateway, were stored in SQLite).
    var delivered: Int
    var seconds: Double
    /// What the publisher achieved alone, for telling a slow publisher from a slow subscriber.
    var publishRate: Double
    /// Subscriber CPU (user + system) per million messages, where measured.
    var cpuSecondsPerMillion: Double?
    /// Subscriber peak resident memory (VmHWM), where measured.
    var peakRSSMiB: Double?

    var rate: Double { seconds > 0 ? Double(delivered) / seconds : 0 }
    var lost: Int { published - delivered }
}

/// The QoS 0 bar's run: a paced publisher offering `targetRate` for `seconds`, and what the
/// gateway stored meanwhile.
struct SustainedResult: Codable, Sendable {
    var targetRate: Double
    var seconds: Double
    var published: Int
    /// Stored during the window itself.
    var storedInWindow: Int
    /// Seconds after the window until everything published was stored.
    var drainSeconds: Double
    var cpuSecondsPerMillion: Double
    var peakRSSMiB: Double

    var publishRate: Double { Double(published) / seconds }
    var sustainedRate: Double { Double(storedInWindow) / seconds }
}

/// Memory with the bench fleet registered, and time to READY=1 with a month of buffered data.
struct StartupResult: Codable, Sendable {
    var devices: Int
    /// Resident memory at steady state after the idle latency scenario (5,000 devices registered).
    var steadyRSSMiB: Double
    /// Peak resident memory over the whole latency run (background load and flood included).
    var latencyRunPeakRSSMiB: Double
    /// Rows written into buffer.sqlite before the timed starts, and the file's size.
    var bufferRows: Int
    var bufferBytes: Int
    var bufferDescription: String
    /// Spawn to READY=1 of each timed start, milliseconds.
    var readyMillis: [Double]
    /// Resident memory right after the last timed start.
    var rssAfterStartMiB: Double
    /// A consumer reading telemetry from the start of the month-long buffer over NDJSON.
    var catchUp: CatchUpResult?

    var medianReadyMillis: Double {
        let sorted = readyMillis.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
