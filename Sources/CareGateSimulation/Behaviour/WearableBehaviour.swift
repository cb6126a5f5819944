import CareGateCore

/// A 4G watch or band: a heartbeat every 5 minutes carrying heart rate, SpO2, skin temperature,
/// steps, battery and worn; location every other heartbeat; body temperature and blood pressure
/// every sixth (half-hourly spot measurements).
///
/// The battery drains about 1 % per 25 minutes and recharges from 30 % on the wrist, so background
/// traffic stays above the low-battery thresholds (20 % / 10 %). As a rented device it meters the
/// time it is worn.
struct WearableBehaviour: DeviceBehaviour {
    let room: String
    private var heartRate: DriftingValue
    private var skinTemp: DriftingValue
    private var bodyTemp: DriftingValue
    private var steps: Int64 = 0
    private var battery: Double
    private var charging = false
    private var beats: Int64 = 0
    private var lastAdvance: EpochMillis
    private let origin: (lat: Double, lon: Double)
    private var wornMillis: EpochMillis
    private var counters: MeterCounters

    init(device: SimulatedDevice, start: EpochMillis, random: inout SimulationRandom) {
        room = device.room
        heartRate = DriftingValue(around: random.double(in: 62...82), band: 55...90, step: 3)
        skinTemp = DriftingValue(around: random.double(in: 32.5...34.5), band: 32...35, step: 0.2)
        bodyTemp = DriftingValue(around: random.double(in: 36.4...37.0), band: 36.2...37.2, step: 0.1)
        battery = random.double(in: 45...100)
        lastAdvance = start
        wornMillis = random.int64(in: 0...20_000_000) * Millis.second
        counters = MeterCounters(usageSeconds: wornMillis / Millis.second, distanceMeters: 0, sessions: random.int64(in: 0...300))
        // A care home in Shanghai's Putuo district; residents stay within about 100 m of it.
        origin = (31.2496 + random.double(in: -0.0005...0.0005), 121.3975 + random.double(in: -0.0005...0.0005))
    }

    var meter: MeterCounters? { counters }

    mutating func advance(
        to now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom,
        events: inout [Emission]
    ) -> Bool {
        let minutes = Double(now - lastAdvance) / Double(Millis.minute)
        if overrides.bool("worn") ?? true { wornMillis += now - lastAdvance }
        counters.usageSeconds = wornMillis / Millis.second
        lastAdvance = now
        if charging {
            battery = min(100, battery + minutes * 1.2)
            charging = battery < 95
        } else {
            battery = max(0, battery - minutes / 25)
            charging = battery <= 30
        }
        if world.isDaytime(now) {
            steps += Int64(minutes * random.double(in: 0...12))
        }
        return false
    }

    mutating func telemetry(
        at now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom
    ) -> [SimulatedField] {
        beats += 1
        var fields = [
            SimulatedField("heart_rate", .decimal(heartRate.next(&random), places: 0)),
            SimulatedField("spo2", .int(random.int64(in: 95...99))),
            SimulatedField("skin_temp", .decimal(skinTemp.next(&random), places: 1)),
            SimulatedField("steps", .int(steps)),
            SimulatedField("battery", .decimal(battery, places: 0)),
            SimulatedField("worn", .bool(true)),
        ]
        if beats % 6 == 1 {
            let systolic = random.int64(in: 110...135)
            fields.append(SimulatedField("body_temp", .decimal(bodyTemp.next(&random), places: 1)))
            fields.append(SimulatedField("bp_sys", .int(systolic)))
            fields.append(SimulatedField("bp_dia", .int(systolic - random.int64(in: 40...55))))
        } else if beats % 2 == 0 {
            let outdoors = world.isDaytime(now) && random.chance(0.2)
            fields.append(SimulatedField("lat", .decimal(origin.lat + random.double(in: -0.0003...0.0003), places: 6)))
            fields.append(SimulatedField("lon", .decimal(origin.lon + random.double(in: -0.0003...0.0003), places: 6)))
            fields.append(SimulatedField("zone", .text(outdoors ? "garden" : "room-" + room)))
        }
        return fields
    }

    var reportInterval: EpochMillis { 5 * Millis.minute }

    func nextChange(after now: EpochMillis, in world: SiteWorld) -> EpochMillis { .max }
}
