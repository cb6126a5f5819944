import Histogram

/// One latency scenario's distribution, in microseconds from the fall's publish to the `raised`
/// transition's arrival at a subscriber.
struct LatencyResult: Codable, Sendable {
    var scenario: String
    var samples: Int
    /// Falls whose alert did not arrive within 10 s of the last one sent.
    var missing: Int
    var p50Micros: UInt64
    var p90Micros: UInt64
    var p99Micros: UInt64
    var p999Micros: UInt64
    var maxMicros: UInt64
    /// Telemetry published in the background meanwhile, messages per second (0 at idle).
    var backgroundRate: Double = 0
    /// For the flood scenario: the flooding device's rate.
    var floodRate: Double = 0

    init(scenario: String, histogram: Histogram<UInt64>, missing: Int) {
        self.scenario = scenario
        samples = Int(histogram.totalCount)
        self.missing = missing
        p50Micros = histogram.valueAtPercentile(50)
        p90Micros = histogram.valueAtPercentile(90)
        p99Micros = histogram.valueAtPercentile(99)
        p999Micros = histogram.valueAtPercentile(99.9)
        maxMicros = histogram.max
    }
}
