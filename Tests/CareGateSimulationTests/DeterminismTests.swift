import CareGateCore
import CareGateSimulation
import Testing

@Suite struct DeterminismTests {
    func stream(seed: UInt64) throws -> [SimulatedMessage] {
        let fleet = Fleet(spec: .standard(site: "sh-01"), seed: seed)
        let scenarios = try [
            ScenarioRequest(.fall, at: Fixtures.minute).compile(in: fleet),
            ScenarioRequest(.malformedBurst, at: 2 * Fixtures.minute).compile(in: fleet),
        ]
        let plan = Fixtures.plan(seed: seed, malformed: 0.02, duplicates: 0.01, scenarios: scenarios)
        return try Fixtures.run(fleet, plan)
    }

    @Test func sameSeedGivesAByteIdenticalStream() throws {
        let first = try stream(seed: 2026)
        let second = try stream(seed: 2026)
        #expect(first.count > 1_000)
        #expect(first == second)
    }

    @Test func differentSeedGivesADifferentStream() throws {
        let first = try stream(seed: 2026)
        let other = try stream(seed: 2027)
        #expect(first.map(\.payload) != other.map(\.payload))
    }

    @Test func streamIsTimeOrdered() throws {
        let offsets = try stream(seed: 3).map(\.offset)
        #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(offsets.first! >= 0 && offsets.last! < 10 * Fixtures.minute)
    }

    @Test func countModeProducesExactlyTheCount() throws {
        let fleet = Fleet(spec: .standard(site: "sh-01"), seed: 1)
        let messages = try Fixtures.run(fleet, Fixtures.plan(length: .count(12_345), malformed: 0.02, duplicates: 0.01))
        #expect(messages.count == 12_345)
        let empty = Fleet(spec: FleetSpec(site: "sh-01", counts: [:]), seed: 1)
        #expect(try Fixtures.run(empty, Fixtures.plan(length: .count(10))).isEmpty)
    }
}
