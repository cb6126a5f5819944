import CareGateCore
import Dispatch

/// Makes the one timer each lane uses for its earliest deadline. The engine uses
/// `DispatchLaneTimerFactory`; tests supply a manual one and fire timers as they advance a
/// `ManualClock`, so escalation is tested without sleeping.
public protocol LaneTimerFactory: Sendable {
    /// A timer for lane `lane`; `fire` must be called (on any thread) when the armed instant passes.
    func makeTimer(lane: Int, queue: DispatchQueue, fire: @escaping @Sendable () -> Void) -> any LaneTimer
}

/// A one-shot timer a lane re-arms after every step.
public protocol LaneTimer: AnyObject, Sendable {
    /// Arms the timer for `deadline` (gateway clock), replacing any earlier arming; nil disarms.
    func arm(at deadline: EpochMillis?)
    /// Stops the timer for good.
    func cancel()
}

/// Real timers: one `DispatchSourceTimer` per lane, targeting the lane's own queue.
///
/// One timer per lane (rather than one per alert) keeps the kernel's timer count constant however
/// many alerts are open; the lane's deadline heap decides what is due when it fires.
public struct DispatchLaneTimerFactory: LaneTimerFactory {
    let clock: any GatewayClock

    public init(clock: any GatewayClock) { self.clock = clock }

    public func makeTimer(lane: Int, queue: DispatchQueue, fire: @escaping @Sendable () -> Void) -> any LaneTimer {
        DispatchLaneTimer(queue: queue, clock: clock, fire: fire)
    }
}

/// Safe as `@unchecked Sendable` because the lane calls `arm` and `cancel` only from its own serial
/// queue, which is also the queue the source delivers on, so the source is never used concurrently.
final class DispatchLaneTimer: LaneTimer, @unchecked Sendable {
    private let source: any DispatchSourceTimer
    private let clock: any GatewayClock

    init(queue: DispatchQueue, clock: any GatewayClock, fire: @escaping @Sendable () -> Void) {
        self.clock = clock
        source = DispatchSource.makeTimerSource(queue: queue)
        source.setEventHandler(handler: fire)
        source.schedule(deadline: .distantFuture)
        source.resume()
    }

    func arm(at deadline: EpochMillis?) {
        guard let deadline else {
            source.schedule(deadline: .distantFuture)
            return
        }
        let delay = max(0, deadline - clock.now())
        source.schedule(deadline: .now() + .milliseconds(Int(delay)), leeway: .milliseconds(1))
    }

    func cancel() { source.cancel() }
}
