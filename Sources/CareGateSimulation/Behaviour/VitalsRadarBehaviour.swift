import CareGateCore

/// A bedside vital-sign radar (or under-mattress monitor) over one resident's bed.
///
/// In bed it reports heart rate drifting slowly around the resident's own resting rate (55–90 bpm)
/// and breathing at 12–20 per minute; out of bed it reports only that the bed is empty, because
/// vitals from an empty bed are noise. Bed edges produce `bed_exit` / `bed_enter`.
struct VitalsRadarBehaviour: DeviceBehaviour {
    let resident: Int
    let inBedInterval: EpochMillis
    let emptyInterval: EpochMillis
    private var inBed: Bool?
    private var heartRate: DriftingValue
    private var respRate: DriftingValue

    init(
        resident: Int, inBedInterval: EpochMillis, emptyInterval: EpochMillis, random: inout SimulationRandom
    ) {
        self.resident = resident
        self.inBedInterval = inBedInterval
        self.emptyInterval = emptyInterval
        heartRate = DriftingValue(around: random.double(in: 60...80), band: 55...90, step: 0.4)
        respRate = DriftingValue(around: random.double(in: 13...18), band: 12...20, step: 0.2)
    }

    mutating func advance(
        to now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom,
        events: inout [Emission]
    ) -> Bool {
        let current = overrides.bool("in_bed") ?? world.routines[resident].inBed(at: now, in: world)
        let previous = inBed
        inBed = current
        guard let previous else { return true }
        guard previous != current else { return false }
        events.append(.event(type: current ? "bed_enter" : "bed_exit", data: []))
        return true
    }

    mutating func telemetry(
        at now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom
    ) -> [SimulatedField] {
        guard inBed == true else {
            return [
                SimulatedField("in_bed", .bool(false)), SimulatedField("presence", .bool(false)),
                SimulatedField("motion", .text("none")),
            ]
        }
        // Values keep their fractions: the native and Alink formats round them to whole numbers,
        // ESPHome prints two decimals, as the real devices do.
        return [
            SimulatedField("in_bed", .bool(true)), SimulatedField("presence", .bool(true)),
            SimulatedField("heart_rate", .decimal(heartRate.next(&random), places: 0)),
            SimulatedField("resp_rate", .decimal(respRate.next(&random), places: 0)),
            SimulatedField("motion", .text(random.chance(0.05) ? "active" : "still")),
        ]
    }

    var reportInterval: EpochMillis {
        inBed == true ? inBedInterval : emptyInterval
    }

    func nextChange(after now: EpochMillis, in world: SiteWorld) -> EpochMillis {
        world.routines[resident].nextChange(after: now, in: world)
    }
}
