import CareGateCore
import CareGateSimulation
import Testing

@Suite struct SimulationSummaryTests {
    @Test func countsAddUp() throws {
        let fleet = Fleet(spec: .standard(site: "sh-01"), seed: 6)
        let messages = try Fixtures.run(fleet, Fixtures.plan(length: .count(5_000), malformed: 0.05, duplicates: 0.02))
        let summary = SimulationSummary(messages)
        #expect(summary.total == 5_000)
        #expect(summary.validTotal + summary.quarantinedTotal + summary.duplicates + summary.ignored == summary.total)
        #expect(summary.byKind.values.reduce(0, +) + summary.unattributed == summary.total)
        #expect(summary.bytes == messages.reduce(0) { $0 + $1.payload.count })
        #expect(summary.span == messages.last?.offset)
        #expect(summary.valid[.telemetry] == messages.filter { $0.role == .telemetry }.count)
        #expect(summary.byKind[.fallRadar] == messages.filter { $0.kind == .fallRadar }.count)
    }

    @Test func describesItselfForTheCommandLine() {
        var summary = SimulationSummary()
        summary.record(SimulatedMessage(offset: 61_000, topic: "t", payload: [1, 2], qos: 1, retain: false,
                                        expected: .valid(deviceId: "fr-0001", role: .telemetry), deviceId: "fr-0001", kind: .fallRadar))
        summary.record(SimulatedMessage(offset: 62_000, topic: "care/sh-01/door", payload: [3], qos: 0, retain: false,
                                        expected: .quarantined(.noProfile)))
        #expect(summary.description == """
            messages      2 (3 bytes over 0:01:02)
            valid         1 (telemetry=1)
            quarantined   1 (no_profile=1)
            duplicates    0
            ignored       0
            by kind       (fall-radar=1 none=1)
            """)
    }
}
