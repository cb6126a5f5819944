import CareGateCore
import Synchronization

/// A clock that only moves when a test moves it, so time-dependent logic is tested without sleeping.
public final class ManualClock: GatewayClock {
    private let current: Mutex<EpochMillis>

    /// Starts at `start` (default 2026-11-22 02:00:00 UTC, i.e. 10:00 in Shanghai).
    public init(_ start: EpochMillis = 1_795_312_800_000) {
        current = Mutex(start)
    }

    public func now() -> EpochMillis { current.withLock { $0 } }

    /// Moves the clock forward by `millis`.
    public func advance(by millis: EpochMillis) {
        current.withLock { $0 += millis }
    }

    /// Sets the clock to `instant`.
    public func set(_ instant: EpochMillis) {
        current.withLock { $0 = instant }
    }
}
