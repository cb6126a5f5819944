import CareGateCore

/// When a resident is in bed, day after day: the shared truth behind every bed sensor and the
/// bedroom radar.
///
/// Bedtime falls before the night window opens and waking after it closes, so background traffic
/// never contains a night-time bed exit: those come only from scenarios, where a test or demo
/// expects them. Some residents nap after lunch; bed-bound residents never leave the bed.
struct ResidentRoutine: Sendable {
    let bedBound: Bool
    /// Local time of day of going to bed and of getting up.
    let bedtime: EpochMillis
    let wake: EpochMillis
    /// Local time of day of an afternoon nap, if the resident takes one.
    let nap: Range<EpochMillis>?

    init(resident: SimulatedResident, random: inout SimulationRandom) {
        bedBound = resident.bedBound
        let night = resident.nightWindow
        bedtime = EpochMillis(night.startMinute) * Millis.minute - random.int64(in: 5...60) * Millis.minute
        wake = EpochMillis(night.endMinute) * Millis.minute + random.int64(in: 5...60) * Millis.minute
        if random.chance(0.5) {
            let start = 13 * Millis.hour + random.int64(in: 0...45) * Millis.minute
            nap = start..<(start + random.int64(in: 40...90) * Millis.minute)
        } else {
            nap = nil
        }
    }

    /// Whether the routine has the resident in bed at `instant`.
    func inBed(at instant: EpochMillis, in world: SiteWorld) -> Bool {
        if bedBound { return true }
        let time = world.localTimeOfDay(instant)
        let asleep = bedtime > wake ? (time >= bedtime || time < wake) : (time >= bedtime && time < wake)
        return asleep || (nap?.contains(time) ?? false)
    }

    /// The next instant after `now` at which the routine changes between in bed and out of bed.
    func nextChange(after now: EpochMillis, in world: SiteWorld) -> EpochMillis {
        if bedBound { return .max }
        var times = [bedtime, wake]
        if let nap { times += [nap.lowerBound, nap.upperBound] }
        return times.map { world.next(localTimeOfDay: $0, after: now) }.min() ?? .max
    }
}
