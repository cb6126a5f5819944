import CareGateCore

/// A one-button emergency pendant: silent except for its 24-hourly supervisory report (battery),
/// as social-alarm pendants do; presses come from scenarios.
struct CallButtonBehaviour: DeviceBehaviour {
    private let battery: Int64

    init(random: inout SimulationRandom) {
        battery = random.int64(in: 70...100)
    }

    mutating func advance(
        to now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom,
        events: inout [Emission]
    ) -> Bool { false }

    mutating func telemetry(
        at now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom
    ) -> [SimulatedField] {
        [SimulatedField("battery", .int(battery))]
    }

    var reportInterval: EpochMillis { Millis.day }

    func nextChange(after now: EpochMillis, in world: SiteWorld) -> EpochMillis { .max }
}
