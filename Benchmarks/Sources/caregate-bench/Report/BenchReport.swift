import Foundation

/// Everything one run measured, written as `Benchmarks/results/latest.json` so commits compare.
struct BenchReport: Codable, Sendable {
    var startedAt: String
    var commit: String
    var command: String
    var buildMode = "release (swift build -c release, caregated and caregate-bench)"
    var machine: MachineInfo
    /// Load averages before and after the run: on a shared machine, the context every number needs.
    var loadBefore: [Double]
    var loadAfter: [Double] = []
    var messagesPerRun: Int
    var throughput: [ThroughputResult] = []
    var sustained: SustainedResult?
    var latency: [LatencyResult] = []
    var startup: StartupResult?
    var bars: [BarVerdict] = []
    /// Phases that failed, with the error: the rest of the run is still reported.
    var failures: [String] = []

    /// The do-nothing subscriber's result at `qos`: the denominator of every ratio.
    func brokerLimit(qos: Int) -> ThroughputResult? {
        throughput.first { $0.subscriber == "do-nothing subscriber" && $0.qos == qos }
    }

    func naive(qos: Int) -> ThroughputResult? {
        throughput.first { $0.subscriber == "naive Python gateway" && $0.qos == qos }
    }

    func caregate(qos: Int) -> ThroughputResult? {
        throughput.first { $0.subscriber == "CareGate (full path)" && $0.qos == qos }
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }
}
