import Glibc

/// Nanosecond clocks: monotonic for intervals inside this process, wall time for intervals
/// measured against another process's timestamps (mosquitto_sub, the Python baseline).
enum Clock {
    static func monotonic() -> UInt64 { read(CLOCK_MONOTONIC) }
    static func wall() -> UInt64 { read(CLOCK_REALTIME) }

    /// Milliseconds since the epoch, for payload `ts` fields.
    static func epochMillis() -> Int64 { Int64(wall() / 1_000_000) }

    private static func read(_ clock: clockid_t) -> UInt64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Sleeps until monotonic `deadline` (nanoseconds); returns at once if it has passed.
    static func sleep(until deadline: UInt64) {
        let now = monotonic()
        guard deadline > now else { return }
        var request = timespec(tv_sec: Int((deadline - now) / 1_000_000_000), tv_nsec: Int((deadline - now) % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
