import CareGateCore
import Foundation

/// What every device of a site shares: site-local time and the residents' daily routines.
///
/// A vitals radar, a care bed and a bedroom radar of the same resident must agree on when that
/// resident is in bed; they all read it here.
final class SiteWorld: Sendable {
    let start: EpochMillis
    /// Site-local offset from UTC, fixed for the run. A daylight-saving change during a run shifts
    /// routines by an hour at most, which no scenario depends on (Chinese sites have none).
    let utcOffset: EpochMillis
    let residents: [SimulatedResident]
    let routines: [ResidentRoutine]
    /// Resident indices per room name.
    let occupants: [String: [Int]]

    init(fleet: Fleet, start: EpochMillis, calendar: SiteCalendar, seed: UInt64) {
        self.start = start
        let seconds = calendar.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(start) / 1000))
        self.utcOffset = EpochMillis(seconds) * Millis.second
        self.residents = fleet.residents
        self.routines = fleet.residents.map { resident in
            var random = SimulationRandom(seed: seed, stream: "routine/" + resident.ref)
            return ResidentRoutine(resident: resident, random: &random)
        }
        self.occupants = Dictionary(grouping: fleet.residents.indices, by: { fleet.residents[$0].room })
    }

    /// Milliseconds since local midnight at `instant`.
    func localTimeOfDay(_ instant: EpochMillis) -> EpochMillis {
        Self.floorMod(instant + utcOffset, Millis.day)
    }

    /// The next instant after `now` at which local time of day reads `timeOfDay`.
    func next(localTimeOfDay timeOfDay: EpochMillis, after now: EpochMillis) -> EpochMillis {
        let current = localTimeOfDay(now)
        let delta = timeOfDay > current ? timeOfDay - current : timeOfDay + Millis.day - current
        return now + delta
    }

    /// Daytime routines (trips, transfers, therapy, bathroom visits) happen 07:00–21:00 local.
    func isDaytime(_ instant: EpochMillis) -> Bool {
        let time = localTimeOfDay(instant)
        return time >= 7 * Millis.hour && time < 21 * Millis.hour
    }

    /// Whether `instant` lies in the site's default night window (22:00–06:00).
    func isNight(_ instant: EpochMillis) -> Bool {
        NightWindow.standard.contains(minuteOfDay: Int(localTimeOfDay(instant) / Millis.minute))
    }

    static func floorMod(_ value: EpochMillis, _ modulus: EpochMillis) -> EpochMillis {
        ((value % modulus) + modulus) % modulus
    }
}
