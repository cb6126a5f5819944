import CareGateCore
import Dispatch
import Synchronization

/// One serial lane: a bounded inbox, a `LaneCore`, a timer, and a dispatch queue that owns them.
///
/// Submission only takes the inbox lock for a few hundred nanoseconds and, if the lane is idle,
/// schedules a drain; it never waits for processing. The drain runs on the lane's queue and takes
/// urgent items first.
///
/// `@unchecked Sendable` is safe because the mutable parts that are not behind the inbox `Mutex`
/// or an `Atomic` (the core, the timer, `armedAt`) are touched only on `queue`, a serial queue:
/// from `drain`, from `sync` blocks during start-up, and from the shutdown block.
final class Lane: @unchecked Sendable {
    let index: Int
    let queue: DispatchQueue
    private let inbox: Mutex<LaneInbox>
    private let core: LaneCore
    private let clock: any GatewayClock
    private var timer: (any LaneTimer)?
    private var armedAt: EpochMillis?
    private let lastProgress = Atomic<Int64>(0)

    init(index: Int, core: LaneCore, configuration: AlertEngineConfiguration, clock: any GatewayClock) {
        self.index = index
        self.core = core
        self.clock = clock
        queue = DispatchQueue(label: "caregate.alerts.lane\(index)", qos: .userInteractive)
        inbox = Mutex(LaneInbox(
            budget: configuration.telemetryBudgetPerDevice, telemetryCapacity: configuration.laneTelemetryCapacity,
            urgentCapacity: configuration.lanePriorityCapacity))
        lastProgress.store(clock.now(), ordering: .relaxed)
    }

    /// Creates the timer and loads this lane's share of persisted state, before any input.
    func start(timers: any LaneTimerFactory, restoring state: AlertStoreState) {
        let timer = timers.makeTimer(lane: index, queue: queue) { [weak self] in self?.timerFired() }
        queue.sync {
            self.timer = timer
            core.restore(alerts: state.openAlerts, ruleStates: state.ruleStates, triggerKeys: state.triggerKeys, now: clock.now())
            rearm()
        }
    }

    // MARK: Intake (any thread)

    func submit(_ queued: LaneInbox.QueuedMessage) -> SubmitOutcome {
        let (outcome, start) = inbox.withLock { box -> (SubmitOutcome, Bool) in
            let outcome = box.push(queued)
            return (outcome, outcome == .queued && box.claimDrain())
        }
        if start { queue.async { self.drain() } }
        return outcome
    }

    /// Queues a control item; `force` bypasses the capacity (registry and timer items must not be lost).
    @discardableResult
    func submit(_ item: LaneInbox.Item, force: Bool = false) -> Bool {
        let (accepted, start) = inbox.withLock { box -> (Bool, Bool) in
            let accepted = box.push(item, force: force)
            return (accepted, accepted && box.claimDrain())
        }
        if start { queue.async { self.drain() } }
        return accepted
    }

    /// Calls `body` once the lane has nothing queued or running.
    func whenIdle(_ body: @escaping @Sendable () -> Void) {
        let now = inbox.withLock { box -> Bool in
            if !box.draining && box.isEmpty { return true }
            box.idleWaiters.append(body)
            return false
        }
        if now { body() }
    }

    func status() -> LaneStatus {
        let (urgent, telemetry, busy) = inbox.withLock { ($0.urgentCount, $0.telemetryCount, $0.draining) }
        return LaneStatus(
            lane: index, queuedUrgent: urgent, queuedTelemetry: telemetry, busy: busy,
            lastProgressAt: lastProgress.load(ordering: .relaxed))
    }

    /// Stops the timer; called after the final drain.
    func stop() {
        queue.sync {
            timer?.cancel()
            timer = nil
        }
    }

    private func timerFired() {
        submit(.tick, force: true)
    }

    // MARK: Processing (on `queue`)

    private func drain() {
        lastProgress.store(clock.now(), ordering: .relaxed)
        while true {
            let next = inbox.withLock { box -> LaneInbox.Item? in
                if let item = box.pop() { return item }
                box.draining = false
                return nil
            }
            guard let item = next else { break }
            handle(item)
            let now = clock.now()
            lastProgress.store(now, ordering: .relaxed)
            // Under a long backlog the timer's own tick waits in line; due deadlines must not.
            if let due = core.nextDeadline(), due <= now { core.fireDue(at: now) }
        }
        rearm()
        let waiters = inbox.withLock { box -> [@Sendable () -> Void] in
            guard !box.draining else { return [] }
            defer { box.idleWaiters = [] }
            return box.idleWaiters
        }
        for waiter in waiters { waiter() }
    }

    private func handle(_ item: LaneInbox.Item) {
        let now = clock.now()
        switch item {
        case .message(let queued):
            core.process(queued.message, device: queued.device, resident: queued.resident, now: now)
        case .tick:
            armedAt = nil
            core.fireDue(at: now)
        case .supervision(let device, let resident, let supervision):
            core.supervise(device: device, resident: resident, supervision: supervision, now: now)
        case .registry(let devices, let residents):
            let byRef = Dictionary(residents.map { ($0.residentRef, $0) }, uniquingKeysWith: { $1 })
            for device in devices { core.note(device: device, resident: device.residentRef.flatMap { byRef[$0] }) }
            for resident in residents { core.context(for: .resident(resident.residentRef)).resident = resident }
        case .settings(let settings):
            core.update(settings: settings)
        case .command(let command, let subject, let reply):
            reply(core.perform(command, subject: subject, now: now))
        }
    }

    private func rearm() {
        let next = core.nextDeadline()
        guard next != armedAt else { return }
        armedAt = next
        timer?.arm(at: next)
    }
}

extension LaneInbox {
    /// Marks a drain as scheduled; true if the caller must schedule it.
    mutating func claimDrain() -> Bool {
        if draining { return false }
        draining = true
        return true
    }
}

/// A lane's health and load, for `/health`, the systemd watchdog and queue-depth gauges.
public struct LaneStatus: Sendable, Hashable {
    public var lane: Int
    public var queuedUrgent: Int
    public var queuedTelemetry: Int
    /// A drain is scheduled or running.
    public var busy: Bool
    /// When the lane last finished an item (or started draining), gateway clock.
    public var lastProgressAt: EpochMillis

    /// Busy without progress for longer than `threshold`: stuck (a hung store, a deadlock).
    public func isStalled(at now: EpochMillis, threshold: EpochMillis) -> Bool {
        busy && now - lastProgressAt > threshold
    }
}
