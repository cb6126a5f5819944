import CareGateCore

/// A smart care bed: occupancy from its load cells, rails, brake, height, wetness and turnovers.
///
/// It is kept safe in the background (brake on, at lowest, rails up while occupied) so the
/// bed-not-safe rule fires only when a script says so. Turnovers come every 30–120 min in bed, and
/// every 95–115 min for bed-bound residents, inside their 2 h repositioning plan. As a rented bed it
/// meters time occupied and the number of times it was got into.
struct CareBedBehaviour: DeviceBehaviour {
    let resident: Int
    let weight: Double
    let bedBound: Bool
    private var inBed: Bool?
    private var backrest: Int64 = 0
    private var turnovers: Int64
    private var nextTurnover: EpochMillis
    private var lastAdvance: EpochMillis
    private var occupiedMillis: EpochMillis
    private var counters: MeterCounters

    init(resident: SimulatedResident, start: EpochMillis, random: inout SimulationRandom) {
        self.resident = resident.index
        weight = resident.weightKg
        bedBound = resident.bedBound
        turnovers = random.int64(in: 0...400)
        nextTurnover = start + random.int64(in: 5...90) * Millis.minute
        lastAdvance = start
        occupiedMillis = random.int64(in: 0...5_000_000) * Millis.second
        counters = MeterCounters(usageSeconds: occupiedMillis / Millis.second, distanceMeters: 0, sessions: random.int64(in: 0...900))
    }

    var meter: MeterCounters? { counters }

    mutating func advance(
        to now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom,
        events: inout [Emission]
    ) -> Bool {
        let current = overrides.bool("in_bed") ?? world.routines[resident].inBed(at: now, in: world)
        if inBed == true { occupiedMillis += now - lastAdvance }
        lastAdvance = now
        counters.usageSeconds = occupiedMillis / Millis.second
        var changed = inBed == nil
        if let previous = inBed, previous != current {
            events.append(.event(type: current ? "bed_enter" : "bed_exit", data: []))
            if current { counters.sessions += 1 }
            backrest = current && bedBound && !world.isNight(now) ? random.int64(in: 30...45) : random.int64(in: 0...10)
            changed = true
        }
        inBed = current
        if now >= nextTurnover {
            if current { turnovers += 1 }
            nextTurnover = now + (bedBound ? random.int64(in: 95...115) : random.int64(in: 30...120)) * Millis.minute
            changed = changed || current
        }
        return changed
    }

    mutating func telemetry(
        at now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom
    ) -> [SimulatedField] {
        let occupied = inBed == true
        return [
            SimulatedField("in_bed", .bool(occupied)),
            SimulatedField("backrest", .int(occupied ? backrest : 0)),
            SimulatedField("rails_up", .bool(occupied)),
            SimulatedField("brake", .bool(true)),
            SimulatedField("at_lowest", .bool(true)),
            SimulatedField("wet", .bool(false)),
            SimulatedField("turnovers", .int(turnovers)),
            SimulatedField("load", .decimal(occupied ? weight + random.double(in: -0.3...0.3) : 0, places: 1)),
        ]
    }

    var reportInterval: EpochMillis { Millis.minute }

    func nextChange(after now: EpochMillis, in world: SiteWorld) -> EpochMillis {
        min(world.routines[resident].nextChange(after: now, in: world), max(nextTurnover, now + 1))
    }
}
