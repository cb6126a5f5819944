import CareGateCore

/// The simulation itself: a lazy, time-ordered sequence of messages from every device of a fleet,
/// with scenarios, malformed messages and duplicates mixed in, each carrying its expected outcome.
///
/// It is pure: no clock, no I/O. The CLI paces publishing by `offset` (or ignores it for a load
/// run) and owns the MQTT client. Internally a heap holds each device's next wake-up and every
/// scenario step; popping it in time order and letting each device publish what is due yields the
/// stream, one message at a time, so a week-long run needs no more memory than a minute-long one.
public struct SimulationStream: Sequence, IteratorProtocol, Sendable {
    public let fleet: Fleet
    public let plan: SimulationPlan
    private let world: SiteWorld
    private var devices: [DeviceRuntime]
    private let indexById: [String: Int]
    private let steps: [ScenarioStep]
    private var queue = EventQueue<Wake>()
    private var pending: [SimulatedMessage] = []
    /// The device index that published each pending message, -1 for none.
    private var pendingSources: [Int] = []
    private var pendingHead = 0
    private var ended = false
    private var produced = 0
    private var lastOffset: EpochMillis = 0
    private var injector: Injector

    private enum Wake: Sendable {
        case device(Int, generation: UInt64)
        case step(Int)
        case malformed(target: Int?)
    }

    /// The device whose messages a wake-up publishes (a scenario step publishes as its device), or
    /// nil for a malformed message, which is never re-sent.
    private func source(of wake: Wake) -> Int? {
        switch wake {
        case .device(let index, _): index
        case .step(let index): steps[index].deviceId.flatMap { indexById[$0] }
        case .malformed: nil
        }
    }

    /// Prepares a run; fails if a scenario step names a device the fleet does not have.
    public init(fleet: Fleet, plan: SimulationPlan) throws(ScenarioError) {
        self.fleet = fleet
        self.plan = plan
        world = SiteWorld(fleet: fleet, start: plan.start, calendar: plan.calendar, seed: plan.seed)
        devices = fleet.devices.map { [world] in DeviceRuntime(device: $0, site: fleet.site, world: world, plan: plan) }
        indexById = Dictionary(fleet.devices.map { ($0.id, $0.index) }, uniquingKeysWith: { first, _ in first })
        steps = plan.scenarios.flatMap(\.steps)
        injector = Injector(fleet: fleet, plan: plan)
        for (index, device) in devices.enumerated() {
            queue.push(.device(index, generation: device.generation), at: device.firstWake)
        }
        for (index, step) in steps.enumerated() {
            if let id = step.deviceId, indexById[id] == nil {
                throw ScenarioError("scenario step at \(ScenarioScript.formatOffset(step.at)) names unknown device '\(id)'")
            }
            queue.push(.step(index), at: plan.start + Swift.max(0, step.at))
        }
    }

    public mutating func next() -> SimulatedMessage? {
        if case .count(let limit) = plan.length, produced >= limit { return nil }
        fillPending()
        guard pendingHead < pending.count else { return nil }
        var message: SimulatedMessage?
        if produced > 0 {
            message = injector.inject(at: plan.start + lastOffset, devices: &devices)
        }
        if message == nil {
            let publisher = pendingSources[pendingHead]
            message = pending[pendingHead]
            pendingHead += 1
            injector.remember(message!, source: publisher >= 0 ? publisher : nil)
        }
        guard let message else { return nil }
        produced += 1
        lastOffset = message.offset
        return message
    }

    /// Runs the heap until at least one message is pending or the run is over.
    private mutating func fillPending() {
        guard pendingHead >= pending.count else { return }
        pending.removeAll(keepingCapacity: true)
        pendingSources.removeAll(keepingCapacity: true)
        pendingHead = 0
        while pending.isEmpty && !ended {
            guard let (time, wake) = queue.pop() else {
                ended = true
                return
            }
            if case .duration(let length) = plan.length, time - plan.start >= length {
                ended = true
                return
            }
            process(wake, at: time)
        }
    }

    private mutating func process(_ wake: Wake, at now: EpochMillis) {
        defer {
            let publisher = source(of: wake) ?? -1
            pendingSources.append(contentsOf: repeatElement(publisher, count: pending.count - pendingSources.count))
        }
        switch wake {
        case .device(let index, let generation):
            guard devices[index].generation == generation else { return }
            rewake(index, at: now, force: false)
        case .step(let index):
            apply(steps[index], at: now)
        case .malformed(let target):
            pending.append(injector.malformed(at: now, target: target, devices: &devices))
        }
    }

    private mutating func apply(_ step: ScenarioStep, at now: EpochMillis) {
        let index = step.deviceId.flatMap { indexById[$0] }
        switch step.action {
        case .set(let fields, let length):
            guard let index else { return }
            devices[index].override(fields, until: now + length)
            rewake(index, at: now, force: true)
        case .event(let type, let data):
            guard let index else { return }
            devices[index].publishEvent(type, data: data, at: now, into: &pending)
        case .silence(let length, let announce):
            guard let index else { return }
            devices[index].silence(until: length.map { now + $0 } ?? .max, announceOffline: announce, at: now, into: &pending)
            rewake(index, at: now, force: false)
        case .malformedBurst(let count, let within):
            for number in 0..<count {
                queue.push(.malformed(target: index), at: now + within * EpochMillis(number) / EpochMillis(count))
            }
        }
    }

    private mutating func rewake(_ index: Int, at now: EpochMillis, force: Bool) {
        let next = devices[index].wake(at: now, force: force, world: world, into: &pending)
        queue.push(.device(index, generation: devices[index].generation), at: next)
    }
}
