import CareGateStorage
import Testing

@testable import CareGateApp

/// Rates from samples of the buffer's counters, with explicit sample times.
struct IngestRateSamplerTests {
    static func counters(telemetry: Int64, events: Int64 = 0, quarantined: Int64 = 0) -> [String: Int64] {
        [IngestCounter.telemetry: telemetry, IngestCounter.events: events, "quarantined.malformed_json": quarantined, "quarantined.oversized": 1]
    }

    @Test func ratesNeedTwoSamples() {
        let sampler = IngestRateSampler()
        #expect(sampler.rates().windowSeconds == 0)
        sampler.record(Self.counters(telemetry: 100), at: 0)
        #expect(sampler.rates().perSecond["telemetry"] == 0)
        sampler.record(Self.counters(telemetry: 1100, events: 50, quarantined: 10), at: 10_000)
        let (window, perSecond) = sampler.rates()
        #expect(window == 10)
        #expect(perSecond["telemetry"] == 100)
        #expect(perSecond["events"] == 5)
        #expect(perSecond["quarantined"] == 1)
        #expect(IngestRateSampler.totals(Self.counters(telemetry: 5, events: 2, quarantined: 10)) == [
            "telemetry": 5, "events": 2, "duplicates": 0, "quarantined": 11,
        ])
    }

    @Test func theWindowSlidesButKeepsASampleAtItsStart() {
        let sampler = IngestRateSampler(window: 60_000)
        for second in stride(from: 0, through: 120, by: 5) {
            sampler.record(Self.counters(telemetry: Int64(second) * (second < 60 ? 10 : 20)), at: Int64(second) * 1000)
        }
        let (window, perSecond) = sampler.rates()
        #expect(window == 60)
        #expect(perSecond["telemetry"] == 20)
    }
}
