import CareGateCore

/// A ceiling fall radar watching a bedroom or a bathroom.
///
/// A bedroom is occupied while one of its residents is in bed (posture `lying`) and during daytime
/// visits; a bathroom only during short daytime visits. Visits alternate `standing`/`sitting` and
/// `active`/`still`, and stay short enough (≤ 12 min, never motionless throughout) that background
/// traffic does not trip the bathroom-stay rule. Falls come only from scenarios.
struct FallRadarBehaviour: DeviceBehaviour {
    let bathroom: Bool
    let residents: [Int]
    let occupiedInterval: EpochMillis
    let vacantInterval: EpochMillis
    private var visits: EpisodeSchedule
    private var occupied = false
    private var posture = "absent"
    private var motion = "none"
    private var nextPostureChange: EpochMillis

    init(
        device: SimulatedDevice, world: SiteWorld, occupiedInterval: EpochMillis, vacantInterval: EpochMillis,
        random: inout SimulationRandom
    ) {
        bathroom = device.zone == "bathroom"
        residents = world.occupants[device.room] ?? []
        self.occupiedInterval = occupiedInterval
        self.vacantInterval = vacantInterval
        visits = bathroom
            ? EpisodeSchedule(start: world.start, activeMinutes: 3...12, idleMinutes: 30...180, random: &random)
            : EpisodeSchedule(start: world.start, activeMinutes: 10...60, idleMinutes: 20...120, random: &random)
        nextPostureChange = world.start
    }

    mutating func advance(
        to now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom,
        events: inout [Emission]
    ) -> Bool {
        _ = visits.advance(to: now, in: world, random: &random)
        let inBed = !bathroom && residents.contains { world.routines[$0].inBed(at: now, in: world) }
        let nowOccupied = overrides.bool("presence") ?? (inBed || visits.active)
        let changed = nowOccupied != occupied
        occupied = nowOccupied
        if changed || now >= nextPostureChange {
            if !occupied {
                posture = "absent"
                motion = "none"
            } else if inBed && !visits.active {
                posture = "lying"
                motion = random.chance(0.1) ? "active" : "still"
            } else {
                posture = bathroom ? random.pick(["standing", "sitting"]) : random.pick(["standing", "sitting", "sitting"])
                motion = random.chance(0.6) ? "active" : "still"
            }
            nextPostureChange = now + random.int64(in: 1...3) * Millis.minute
        }
        return changed
    }

    mutating func telemetry(
        at now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom
    ) -> [SimulatedField] {
        [
            SimulatedField("presence", .bool(occupied)),
            SimulatedField("motion", .text(motion)),
            SimulatedField("posture", .text(posture)),
        ]
    }

    var reportInterval: EpochMillis {
        occupied ? occupiedInterval : vacantInterval
    }

    func nextChange(after now: EpochMillis, in world: SiteWorld) -> EpochMillis {
        var next = max(visits.until, now + 1)
        if !bathroom {
            for resident in residents {
                next = min(next, world.routines[resident].nextChange(after: now, in: world))
            }
        }
        return next
    }
}
