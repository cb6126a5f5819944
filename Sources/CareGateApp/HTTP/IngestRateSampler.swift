import CareGateCore
import CareGateStorage
import Synchronization

/// Ingest rates for `caregate status`: samples of the buffer's persistent counters (rows stored,
/// quarantined, duplicates), taken every few seconds, turned into per-second rates over the
/// last minute.
///
/// The counters are totals committed with each batch, so a rate is the difference between two
/// samples over the time between them. Times come from the gateway clock passed in with each
/// sample, which makes the arithmetic testable without waiting.
public final class IngestRateSampler: Sendable {
    private struct Sample {
        var at: EpochMillis
        var totals: [String: Int64]
    }

    /// The rates' window.
    let window: EpochMillis
    private let samples = Mutex<[Sample]>([])

    init(window: EpochMillis = 60_000) {
        self.window = window
    }

    /// Records the buffer's counters as of `now`; samples older than the window go, except the
    /// newest of them, which starts the window.
    func record(_ counters: [String: Int64], at now: EpochMillis) {
        let totals = Self.totals(counters)
        samples.withLock { samples in
            samples.append(Sample(at: now, totals: totals))
            while samples.count > 2, samples[1].at <= now - window { samples.removeFirst() }
        }
    }

    /// Per-second rates between the oldest and newest sample, and the seconds they span (zero
    /// rates until two samples exist).
    func rates() -> (windowSeconds: Double, perSecond: [String: Double]) {
        samples.withLock { samples in
            guard let first = samples.first, let last = samples.last, last.at > first.at else {
                return (0, Dictionary(uniqueKeysWithValues: Self.classes.map { ($0, 0) }))
            }
            let seconds = Double(last.at - first.at) / 1000
            var perSecond: [String: Double] = [:]
            for name in Self.classes {
                perSecond[name] = Double(max(0, (last.totals[name] ?? 0) - (first.totals[name] ?? 0))) / seconds
            }
            return (seconds, perSecond)
        }
    }

    public static let classes = ["telemetry", "events", "quarantined", "duplicates"]

    /// The buffer's counters summed into the classes the status screen shows.
    static func totals(_ counters: [String: Int64]) -> [String: Int64] {
        var totals: [String: Int64] = [
            "telemetry": counters[IngestCounter.telemetry] ?? 0,
            "events": counters[IngestCounter.events] ?? 0,
            "duplicates": counters[IngestCounter.duplicates] ?? 0,
            "quarantined": 0,
        ]
        for (name, value) in counters where name.hasPrefix("quarantined.") {
            totals["quarantined", default: 0] += value
        }
        return totals
    }
}
