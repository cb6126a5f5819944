import CareGateCore

/// Shared equipment used in sessions: a ceiling hoist (short daytime transfers) or a rehab robot /
/// exoskeleton (20–40 minute therapy sessions).
///
/// Both report densely during a session and rarely between sessions, mark sessions with
/// `session_start` / `session_end` events, count them on their meter, and charge at night. The
/// hoist reports the load on its spreader bar and the date of its last thorough examination
/// (kept under 150 days old, before the 6-month exam warning); the robot its steps and assist level.
struct SessionEquipmentBehaviour: DeviceBehaviour {
    enum Equipment: Sendable { case hoist, rehabRobot }

    let equipment: Equipment
    private var sessions: EpisodeSchedule
    private var battery: Double
    private var load = 0.0
    private var steps: Int64
    private var assistLevel: Int64 = 3
    private let lastExam: EpochMillis
    private var lastAdvance: EpochMillis
    private var counters: MeterCounters

    init(equipment: Equipment, start: EpochMillis, random: inout SimulationRandom) {
        self.equipment = equipment
        sessions = equipment == .hoist
            ? EpisodeSchedule(start: start, activeMinutes: 1...3, idleMinutes: 60...240, random: &random)
            : EpisodeSchedule(start: start, activeMinutes: 20...40, idleMinutes: 120...300, random: &random)
        battery = random.double(in: 60...100)
        steps = random.int64(in: 0...200_000)
        lastExam = start - random.int64(in: 10...150) * Millis.day
        lastAdvance = start
        counters = MeterCounters(
            usageSeconds: random.int64(in: 0...300_000), distanceMeters: 0, sessions: random.int64(in: 0...2_000))
    }

    var meter: MeterCounters? { counters }

    mutating func advance(
        to now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom,
        events: inout [Emission]
    ) -> Bool {
        let seconds = Double(now - lastAdvance) / 1000
        lastAdvance = now
        if sessions.active {
            counters.usageSeconds += Int64(seconds.rounded())
            if equipment == .rehabRobot { steps += Int64(seconds / 60 * random.double(in: 15...40)) }
            battery = max(20, battery - seconds / (equipment == .hoist ? 240 : 90))
        } else if world.isNight(now) {
            battery = min(100, battery + seconds / 200)
        }
        let switched = sessions.advance(to: now, in: world, random: &random)
        if switched {
            if sessions.active {
                counters.sessions += 1
                load = random.pick(world.residents.isEmpty ? [60] : world.residents.map(\.weightKg))
                assistLevel = random.int64(in: 2...7)
                events.append(.event(type: "session_start", data: []))
            } else {
                events.append(.event(type: "session_end", data: []))
            }
        }
        return switched
    }

    mutating func telemetry(
        at now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom
    ) -> [SimulatedField] {
        switch equipment {
        case .hoist:
            let lifting = sessions.active ? load + random.double(in: -0.5...0.5) : 0
            return [
                SimulatedField("load", .decimal(lifting, places: 1)),
                SimulatedField("battery", .decimal(battery, places: 0)),
                SimulatedField("estop", .bool(false)),
                SimulatedField("last_exam", .int(lastExam)),
            ]
        case .rehabRobot:
            return [
                SimulatedField("steps", .int(steps)),
                SimulatedField("assist_level", .int(sessions.active ? assistLevel : 0)),
                SimulatedField("battery", .decimal(battery, places: 0)),
            ]
        }
    }

    var reportInterval: EpochMillis {
        switch equipment {
        // Idle reports stay well inside the profiles' keep-alives (hoist 600 s, robot 300 s).
        case .hoist: sessions.active ? 5 * Millis.second : 5 * Millis.minute
        case .rehabRobot: sessions.active ? Millis.minute : 4 * Millis.minute
        }
    }

    func nextChange(after now: EpochMillis, in world: SiteWorld) -> EpochMillis {
        max(sessions.until, now + 1)
    }
}
