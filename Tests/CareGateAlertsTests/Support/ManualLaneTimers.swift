import CareGateAlerts
import CareGateCore
import Dispatch
import Synchronization

/// Lane timers that fire only when a test advances time: the engine tests drive real lanes and
/// real queues, but no test waits on the wall clock.
final class ManualLaneTimers: LaneTimerFactory {
    private let timers = Mutex<[ManualLaneTimer]>([])

    func makeTimer(lane: Int, queue: DispatchQueue, fire: @escaping @Sendable () -> Void) -> any LaneTimer {
        let timer = ManualLaneTimer(fire: fire)
        timers.withLock { $0.append(timer) }
        return timer
    }

    /// The earliest armed instant of any lane.
    var nextDue: EpochMillis? { timers.withLock { $0.compactMap(\.armedAt).min() } }

    /// Fires every timer armed at or before `instant`.
    func fire(upTo instant: EpochMillis) {
        for timer in timers.withLock({ $0 }) { timer.fireIfDue(instant) }
    }
}

final class ManualLaneTimer: LaneTimer {
    private let armed = Mutex<EpochMillis?>(nil)
    private let fire: @Sendable () -> Void

    init(fire: @escaping @Sendable () -> Void) { self.fire = fire }

    var armedAt: EpochMillis? { armed.withLock { $0 } }

    func arm(at deadline: EpochMillis?) { armed.withLock { $0 = deadline } }

    func cancel() { armed.withLock { $0 = nil } }

    func fireIfDue(_ instant: EpochMillis) {
        let due = armed.withLock { armedAt -> Bool in
            guard let at = armedAt, at <= instant else { return false }
            armedAt = nil
            return true
        }
        if due { fire() }
    }
}
