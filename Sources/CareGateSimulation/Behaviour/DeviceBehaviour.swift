import CareGateCore

/// How one kind of device behaves over time: what it senses, when its state changes on its own, and
/// how often it reports, in canonical terms.
///
/// Behaviours are advanced in time order by the stream, each with its own random generator, so a
/// device's traffic depends only on the seed and on its own scenario steps. Scenario overrides are
/// read as *drivers* (a forced `in_bed` makes a vitals radar stop reporting heart rate, as a real
/// one would); the runtime then stamps any overridden field onto the report as well.
protocol DeviceBehaviour: Sendable {
    /// Brings the model to `now`, appending the events its state edges produce (`bed_exit`,
    /// `session_start`, ...). Returns true when the change is worth an immediate report.
    mutating func advance(
        to now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom,
        events: inout [Emission]
    ) -> Bool

    /// The canonical readings at the current state.
    mutating func telemetry(
        at now: EpochMillis, in world: SiteWorld, overrides: OverrideSet, random: inout SimulationRandom
    ) -> [SimulatedField]

    /// How long until the next periodic report in the current state, before `rateScale`.
    var reportInterval: EpochMillis { get }

    /// The next instant after `now` at which the state changes on its own (a bed time, the end of a
    /// trip), so the device wakes to report it; `EpochMillis.max` when nothing is due.
    func nextChange(after now: EpochMillis, in world: SiteWorld) -> EpochMillis

    /// Monotonic usage counters for rental metering, for kinds that publish a `meter` topic.
    var meter: MeterCounters? { get }
}

extension DeviceBehaviour {
    var meter: MeterCounters? { nil }
}

/// A device's rental metering counters: what its `meter` topic publishes.
struct MeterCounters: Sendable, Hashable {
    var usageSeconds: Int64
    var distanceMeters: Int64
    var sessions: Int64
}

/// Durations in milliseconds, to keep rate tables readable.
enum Millis {
    static let second: EpochMillis = 1000
    static let minute: EpochMillis = 60_000
    static let hour: EpochMillis = 3_600_000
    static let day: EpochMillis = 86_400_000
}
