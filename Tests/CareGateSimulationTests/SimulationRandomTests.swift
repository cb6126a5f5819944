import CareGateSimulation
import Testing

@Suite struct SimulationRandomTests {
    @Test func sameSeedSameSequenceDifferentSeedDifferent() {
        var a = SimulationRandom(seed: 1)
        var b = SimulationRandom(seed: 1)
        var c = SimulationRandom(seed: 2)
        let first = (0..<16).map { _ in a.next() }
        #expect(first == (0..<16).map { _ in b.next() })
        #expect(first != (0..<16).map { _ in c.next() })
    }

    @Test func namedStreamsAreIndependentButStable() {
        var radar = SimulationRandom(seed: 9, stream: "device/fr-0001")
        var again = SimulationRandom(seed: 9, stream: "device/fr-0001")
        var bed = SimulationRandom(seed: 9, stream: "device/bed-0001")
        let values = (0..<8).map { _ in radar.next() }
        #expect(values == (0..<8).map { _ in again.next() })
        #expect(values != (0..<8).map { _ in bed.next() })
    }

    /// Pins the generator's output so a change of algorithm (which would change every simulated
    /// stream for a given seed) cannot go unnoticed.
    @Test func outputIsPinned() {
        var random = SimulationRandom(seed: 0)
        #expect(random.next() == 0x99EC_5F36_CB75_F2B4)
    }

    @Test func helpersStayInRangeAndCoverIt() {
        var random = SimulationRandom(seed: 5)
        var seen = Set<Int>()
        for _ in 0..<2_000 {
            let value = random.int(in: 3...9)
            #expect((3...9).contains(value))
            seen.insert(value)
            let unit = random.unit()
            #expect(unit >= 0 && unit < 1)
            let real = random.double(in: 12...20)
            #expect(real >= 12 && real <= 20)
        }
        #expect(seen == Set(3...9))
        #expect(random.int64(in: 7...7) == 7)
    }
}
