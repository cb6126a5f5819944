import CareGateCore

/// A smart power wheelchair: daytime trips of 2–10 minutes at 0.3–1.2 m/s, reported every second
/// while moving and every minute while parked.
///
/// The odometer integrates the speed actually reported (scenario overrides included), so it stays
/// monotonic and consistent with the meter's distance. Each trip is a rental usage session
/// (`session_start` / `session_end`). The battery loses about 1 % per 150 m and charges at night;
/// `battery_v` follows it between 24 and 26 V.
struct WheelchairBehaviour: DeviceBehaviour {
    private var trips: EpisodeSchedule
    private var speed: DriftingValue
    private var odometer: Double
    private var battery: Double
    private var lastAdvance: EpochMillis
    private var currentSpeed = 0.0
    private var counters: MeterCounters
    /// Seconds in motion, kept fractional so one-second reports add up exactly.
    private var usage: Double

    init(start: EpochMillis, world: SiteWorld, random: inout SimulationRandom) {
        trips = EpisodeSchedule(start: start, activeMinutes: 2...10, idleMinutes: 30...180, random: &random)
        speed = DriftingValue(around: random.double(in: 0.5...1.0), band: 0.3...1.2, step: 0.08)
        odometer = random.double(in: 1_000...50_000)
        battery = random.double(in: 60...100)
        lastAdvance = start
        usage = Double(random.int64(in: 0...500_000))
        counters = MeterCounters(
            usageSeconds: Int64(usage), distanceMeters: Int64(odometer), sessions: random.int64(in: 0...900))
    }

    var meter: MeterCounters? { counters }

    mutating func advance(
        to now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom,
        events: inout [Emission]
    ) -> Bool {
        let seconds = Double(now - lastAdvance) / 1000
        lastAdvance = now
        let travelled = currentSpeed * seconds
        odometer += travelled
        counters.distanceMeters = Int64(odometer)
        if currentSpeed > 0.05 {
            usage += seconds
            counters.usageSeconds = Int64(usage)
        }
        battery = world.isNight(now) ? min(100, battery + seconds / 300) : max(30, battery - travelled / 150)
        let switched = trips.advance(to: now, in: world, random: &random)
        if switched {
            if trips.active {
                counters.sessions += 1
                events.append(.event(type: "session_start", data: []))
            } else {
                events.append(.event(type: "session_end", data: []))
            }
        }
        currentSpeed = overrides.number("speed") ?? (trips.active ? speed.next(&random) : 0)
        return switched
    }

    mutating func telemetry(
        at now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom
    ) -> [SimulatedField] {
        let moving = currentSpeed > 0.05
        return [
            SimulatedField("speed", .decimal(currentSpeed, places: 2)),
            SimulatedField("tilt", .decimal(moving ? random.double(in: -3...3) : random.double(in: 0...1), places: 1)),
            SimulatedField("odometer", .decimal(odometer, places: 1)),
            SimulatedField("battery", .decimal(battery, places: 0)),
            SimulatedField("battery_v", .decimal(23.9 + 0.021 * battery, places: 2)),
            SimulatedField("presence", .bool(overrides.bool("presence") ?? trips.active)),
        ]
    }

    var reportInterval: EpochMillis {
        currentSpeed > 0.05 ? Millis.second : Millis.minute
    }

    func nextChange(after now: EpochMillis, in world: SiteWorld) -> EpochMillis {
        max(trips.until, now + 1)
    }
}
