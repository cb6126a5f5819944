import CareGateCore

/// Alternating active and idle periods with random lengths: a wheelchair's trips, a hoist's
/// transfers, a bathroom's visits.
///
/// Active periods may start only in the daytime when `daytimeOnly` is set; an idle period that ends
/// at night is simply followed by another idle period, so nights stay quiet.
struct EpisodeSchedule: Sendable {
    private(set) var active = false
    private(set) var until: EpochMillis
    let activeLength: ClosedRange<Int64>
    let idleLength: ClosedRange<Int64>
    let daytimeOnly: Bool

    /// Starts idle at `start`, with the first activity a random part of an idle period away.
    init(
        start: EpochMillis, activeMinutes: ClosedRange<Int64>, idleMinutes: ClosedRange<Int64>,
        daytimeOnly: Bool = true, random: inout SimulationRandom
    ) {
        activeLength = (activeMinutes.lowerBound * Millis.minute)...(activeMinutes.upperBound * Millis.minute)
        idleLength = (idleMinutes.lowerBound * Millis.minute)...(idleMinutes.upperBound * Millis.minute)
        self.daytimeOnly = daytimeOnly
        until = start + random.int64(in: 0...idleLength.upperBound)
    }

    /// Moves to `now`; returns true when the schedule switched between active and idle.
    mutating func advance(to now: EpochMillis, in world: SiteWorld, random: inout SimulationRandom) -> Bool {
        let wasActive = active
        while until <= now {
            let boundary = until
            if !active && (!daytimeOnly || world.isDaytime(boundary)) {
                active = true
                until = boundary + random.int64(in: activeLength)
            } else {
                active = false
                until = boundary + random.int64(in: idleLength)
            }
        }
        return active != wasActive
    }
}

/// A reading that wanders slowly inside a band, as heart rate or speed do between reports.
struct DriftingValue: Sendable {
    private(set) var value: Double
    let band: ClosedRange<Double>
    let step: Double

    init(around centre: Double, band: ClosedRange<Double>, step: Double) {
        self.value = min(max(centre, band.lowerBound), band.upperBound)
        self.band = band
        self.step = step
    }

    /// Moves by at most `step` and returns the new value.
    mutating func next(_ random: inout SimulationRandom) -> Double {
        value = min(max(value + random.double(in: -step...step), band.lowerBound), band.upperBound)
        return value
    }
}
