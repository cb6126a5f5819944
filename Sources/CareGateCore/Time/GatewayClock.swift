import Foundation

/// The gateway's notion of now, injected everywhere time matters so that rules, escalation and
/// supervision are tested by advancing a manual clock instead of sleeping.
///
/// Wall-clock milliseconds are what rules compare (device timestamps, night windows, evidence
/// times); the engine schedules its timers from these values.
public protocol GatewayClock: Sendable {
    /// Milliseconds since the Unix epoch.
    func now() -> EpochMillis
}

/// The system's real-time clock.
public struct SystemClock: GatewayClock {
    public init() {}

    public func now() -> EpochMillis {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return EpochMillis(spec.tv_sec) * 1000 + EpochMillis(spec.tv_nsec) / 1_000_000
    }
}

/// Converts instants to site-local time of day for night windows and daily metering.
///
/// Care homes in China use a single offset with no daylight saving (Asia/Shanghai, UTC+8), but the
/// zone comes from the configuration so other sites work too.
public struct SiteCalendar: Sendable, Hashable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// The zone named by `identifier` (e.g. `Asia/Shanghai`), or nil if unknown.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.timeZone = zone
    }

    /// Local minutes after midnight (0..<1440) at `instant`.
    public func minuteOfDay(_ instant: EpochMillis) -> Int {
        let local = localSeconds(instant)
        let day = Int64(86_400)
        return Int(((local % day) + day) % day / 60)
    }

    /// The local calendar day containing `instant`, as days since 1970-01-01 (local).
    public func dayNumber(_ instant: EpochMillis) -> Int64 {
        let local = localSeconds(instant)
        return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    }

    /// The instant at which local day `day` begins.
    public func startOfDay(_ day: Int64) -> EpochMillis {
        let guess = day * 86_400_000
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess) / 1000))) * 1000
        return guess - offset
    }

    /// `YYYY-MM-DD` for local day `day`.
    public func isoDate(day: Int64) -> String {
        // Civil-from-days (Howard Hinnant's algorithm), exact for the proleptic Gregorian calendar.
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    private func localSeconds(_ instant: EpochMillis) -> Int64 {
        let seconds = instant >= 0 ? instant / 1000 : (instant - 999) / 1000
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        return seconds + Int64(offset)
    }
}
