import CareGateCore
import Dispatch
import Synchronization

/// The real-time alert core: decoded messages in, durable alert transitions out.
///
/// N serial lanes (default: one per core) each own the subjects that hash to them, so one
/// resident's devices are processed in order while residents are processed in parallel.
/// `submit` is safe to call from the MQTT network thread: it classifies and enqueues, never
/// waits. Each lane runs a `LaneCore` (the same code replay runs) and one timer for its earliest
/// deadline. Every transition is committed through the `AlertStore` before it reaches the
/// `AlertSink`.
public final class AlertEngine: Sendable {
    private let lanes: [Lane]
    private let clock: any GatewayClock
    private let index: OpenAlertIndex
    private let observer: AlertEngineObserver?
    private let accepting = Atomic<Bool>(true)
    private let registry = Mutex(RegistryView())

    /// The registry as routing needs it.
    private struct RegistryView {
        var devices: [String: DeviceRecord] = [:]
        var residents: [String: ResidentRecord] = [:]
        var supervised: Set<String> = []
    }

    /// Builds the lanes and loads open alerts, rule states and trigger keys from `store`.
    /// Deadlines that passed while the gateway was down fire as soon as the lanes start.
    ///
    /// - Parameter timers: lane timers; real Dispatch timers on `clock` unless a test supplies its own.
    public init(
        configuration: AlertEngineConfiguration, store: any AlertStore, sink: any AlertSink,
        clock: any GatewayClock = SystemClock(), timers: (any LaneTimerFactory)? = nil,
        observer: AlertEngineObserver? = nil
    ) throws {
        self.clock = clock
        self.observer = observer
        let index = OpenAlertIndex()
        self.index = index
        let environment = LaneCore.Environment(
            site: configuration.site, calendar: configuration.calendar,
            defaultNight: configuration.defaultNightWindow, store: store, sink: sink, observer: observer,
            publish: { index.publish($0) })
        lanes = (0..<configuration.laneCount).map { number in
            let core = LaneCore(
                environment: environment, settings: configuration.settings,
                triggerKeyRetention: configuration.triggerKeyRetention)
            return Lane(index: number, core: core, configuration: configuration, clock: clock)
        }
        let loaded = try store.load(triggerKeysSince: clock.now() - configuration.triggerKeyRetention)
        let timers = timers ?? DispatchLaneTimerFactory(clock: clock)
        for lane in lanes {
            let mine = { (subject: AlertSubject) in self.laneIndex(for: subject) == lane.index }
            let share = AlertStoreState(
                openAlerts: loaded.openAlerts.filter { mine($0.key.subject) },
                ruleStates: loaded.ruleStates.filter { mine($0.key.subject) },
                // Keys carry a device, not a subject; every lane gets them all (a few thousand a day).
                triggerKeys: loaded.triggerKeys)
            lane.start(timers: timers, restoring: share)
        }
    }

    // MARK: Intake

    /// Hands a decoded message to its subject's lane. Never blocks.
    @discardableResult
    public func submit(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> SubmitOutcome {
        guard accepting.load(ordering: .relaxed) else {
            observer?(.rejected(.shuttingDown))
            return .shuttingDown
        }
        let lane = lanes[laneIndex(for: AlertSubject(device: device))]
        let outcome = lane.submit(LaneInbox.QueuedMessage(message: message, device: device, resident: resident))
        switch outcome {
        case .queued: break
        case .coalesced: observer?(.coalesced(lane: lane.index))
        case .inboxFull, .shuttingDown: observer?(.rejected(outcome))
        }
        return outcome
    }

    /// Tells the engine the registry: at start and on every reload. Devices with a safety-critical
    /// supervision entry are watched for silence; devices no longer listed stop being watched
    /// (their open offline alert resolves).
    public func update(devices: [DeviceRecord], residents: [ResidentRecord], supervision: [DeviceSupervision]) {
        let residentsByRef = Dictionary(residents.map { ($0.residentRef, $0) }, uniquingKeysWith: { $1 })
        let watched = Dictionary(
            supervision.filter(\.safetyCritical).map { ($0.deviceId, $0) }, uniquingKeysWith: { $1 })
        let devicesById = Dictionary(devices.map { ($0.deviceId, $0) }, uniquingKeysWith: { $1 })
        let (wasWatched, oldDevices) = registry.withLock { view -> (Set<String>, [String: DeviceRecord]) in
            defer {
                view.devices = devicesById
                view.residents = residentsByRef
                view.supervised = Set(watched.keys)
            }
            return (view.supervised, view.devices)
        }
        var devicesByLane = [[DeviceRecord]](repeating: [], count: lanes.count)
        var residentsByLane = [[ResidentRecord]](repeating: [], count: lanes.count)
        for device in devices { devicesByLane[laneIndex(for: AlertSubject(device: device))].append(device) }
        for resident in residents { residentsByLane[laneIndex(for: .resident(resident.residentRef))].append(resident) }
        for lane in lanes {
            lane.submit(.registry(devicesByLane[lane.index], residentsByLane[lane.index]), force: true)
        }
        // Start or refresh supervision of watched devices; stop it for devices no longer watched,
        // including devices removed from the registry (their open offline alert resolves).
        for id in Set(watched.keys).union(wasWatched) {
            guard let device = devicesById[id] ?? oldDevices[id] else { continue }
            let resident = device.residentRef.flatMap { residentsByRef[$0] }
            lane(for: AlertSubject(device: device)).submit(.supervision(device, resident, watched[id]), force: true)
        }
    }

    /// Replaces the rule settings (config reload).
    public func update(settings: AlertSettings) {
        for lane in lanes { lane.submit(.settings(settings), force: true) }
    }

    // MARK: Queries

    /// Open alerts with their evidence, oldest first.
    public func openAlerts() -> [AlertSnapshot] {
        index.all.sorted { ($0.evidence.raisedAt, $0.id) < ($1.evidence.raisedAt, $1.id) }
    }

    /// One open alert.
    public func alert(id: String) -> AlertSnapshot? { index.alert(id: id) }

    /// Per-lane load and progress, for health checks and queue-depth gauges.
    public func laneStatus() -> [LaneStatus] { lanes.map { $0.status() } }

    /// Lanes busy without progress for longer than `threshold`: the daemon's watchdog stops
    /// pinging systemd while this is not empty.
    public func stalledLanes(threshold: EpochMillis) -> [Int] {
        let now = clock.now()
        return laneStatus().filter { $0.isStalled(at: now, threshold: threshold) }.map(\.lane)
    }

    // MARK: Lifecycle

    /// Returns once every lane has processed everything queued so far.
    public func waitUntilIdle() async {
        for lane in lanes {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lane.whenIdle { continuation.resume() }
            }
        }
    }

    /// Graceful shutdown: stop intake, drain every lane (each transition is committed and
    /// delivered as it is processed, so draining is flushing), stop the timers, return.
    public func shutdown() async {
        accepting.store(false, ordering: .relaxed)
        await waitUntilIdle()
        for lane in lanes { lane.stop() }
    }

    // MARK: Routing

    func laneIndex(for subject: AlertSubject) -> Int {
        Int(AlertIdentifier.fnv1a(subject.description) % UInt64(lanes.count))
    }

    func lane(for subject: AlertSubject) -> Lane { lanes[laneIndex(for: subject)] }

    var isAccepting: Bool { accepting.load(ordering: .relaxed) }

    /// The subject a suppression scope addresses.
    func subject(for scope: SuppressionScope) -> AlertSubject {
        switch scope {
        case .resident(let ref): return .resident(ref)
        case .device(let id):
            return registry.withLock { $0.devices[id] }.map { AlertSubject(device: $0) } ?? .device(id)
        }
    }
}
