@testable import CareGateAlerts
import CareGateCore

/// Drives one `LaneCore` synchronously on a virtual clock, the way replay does, with an in-memory
/// store and a collecting sink: the rule and lifecycle tests run here, without Dispatch.
final class CoreHarness {
    let store: InMemoryAlertStore
    let sink = CollectingAlertSink()
    private(set) var core: LaneCore
    private(set) var now: EpochMillis
    var devices: [String: DeviceRecord] = [:]
    var residents: [String: ResidentRecord] = [:]
    private var seq: Int64 = 0

    init(
        settings: AlertSettings = AlertSettings(), at start: EpochMillis = Fixture.morning,
        store: InMemoryAlertStore = InMemoryAlertStore(), devices: [DeviceRecord] = Fixture.devices,
        residents: [ResidentRecord] = [Fixture.resident()]
    ) {
        self.store = store
        now = start
        core = Self.makeCore(settings: settings, store: store, sink: sink)
        for device in devices { self.devices[device.deviceId] = device }
        for resident in residents { self.residents[resident.residentRef] = resident }
        register()
    }

    static func makeCore(settings: AlertSettings, store: InMemoryAlertStore, sink: CollectingAlertSink) -> LaneCore {
        let environment = LaneCore.Environment(
            site: "site-a", calendar: Fixture.calendar, defaultNight: .standard, store: store, sink: sink,
            observer: nil, publish: { _ in })
        return LaneCore(environment: environment, settings: settings, triggerKeyRetention: 48 * 3_600_000)
    }

    private func register() {
        for device in devices.values {
            core.note(device: device, resident: device.residentRef.flatMap { residents[$0] })
        }
    }

    /// Simulates a restart: a fresh core on the same store, loaded as the engine loads it.
    func restart(at instant: EpochMillis) throws {
        core = Self.makeCore(settings: core.settings, store: store, sink: sink)
        now = instant
        register()
        let state = try store.load(triggerKeysSince: 0)
        core.restore(alerts: state.openAlerts, ruleStates: state.ruleStates, triggerKeys: state.triggerKeys, now: instant)
        // As a live lane does: deadlines that passed while down fire at once, at the restart time.
        core.fireDue(at: instant)
    }

    func update(resident: ResidentRecord) {
        residents[resident.residentRef] = resident
        register()
    }

    // MARK: Time

    /// Fires every deadline up to `instant`, each at its own time.
    func advance(to instant: EpochMillis) {
        while let due = core.nextDeadline(), due <= instant {
            core.fireDue(at: due)
        }
        now = max(now, instant)
    }

    func advance(by millis: EpochMillis) { advance(to: now + millis) }

    // MARK: Input

    /// Sends a message from `deviceId` at the current time (after firing due deadlines).
    @discardableResult
    func send(
        _ deviceId: String, _ readings: [String: MetricValue] = [:], events: [String] = [],
        eventData: [Reading] = [], role: MessageRole? = nil, online: Bool? = nil, seq explicitSeq: Int64? = nil,
        sourceTs: EpochMillis? = nil, retained: Bool = false
    ) -> DeviceMessage {
        advance(to: now)
        seq += 1
        let device = devices[deviceId]!
        let message = DeviceMessage(
            deviceId: deviceId, profileId: device.profile, kind: device.kind,
            role: role ?? (events.isEmpty ? .telemetry : .event), topic: "care/site-a/\(device.kind)/\(deviceId)",
            sourceTs: sourceTs ?? now, stampedByGateway: false, seq: explicitSeq ?? seq, receivedAt: now,
            retained: retained, qos: 1, readings: readings.sorted { $0.key < $1.key }.map { Reading($0.key, $0.value) },
            events: events.map { DeviceEvent(type: $0, data: eventData) }, online: online)
        deliver(message)
        return message
    }

    /// Delivers an exact message again (a broker redelivery, a journal replay).
    func deliver(_ message: DeviceMessage) {
        let device = devices[message.deviceId]!
        core.process(message, device: device, resident: device.residentRef.flatMap { residents[$0] }, now: now)
    }

    func supervise(_ entry: DeviceSupervision?, device deviceId: String) {
        let device = devices[deviceId]!
        core.supervise(device: device, resident: device.residentRef.flatMap { residents[$0] }, supervision: entry, now: now)
    }

    @discardableResult
    func perform(_ command: OperatorCommand, subject: AlertSubject? = .resident("r1")) -> Result<[AlertTransition], AlertOperationError> {
        core.perform(command, subject: subject, now: now)
    }

    // MARK: Observations

    var transitions: [AlertTransition] { sink.transitions }

    /// `(transition, severity, tier)` of `rule`'s transitions, for compact expectations.
    func steps(_ rule: RuleID) -> [Step] {
        transitions.filter { $0.rule == rule.rawValue }.map { Step($0.transition, $0.severity, $0.tier) }
    }

    /// The open alert of `rule`, if any.
    func open(_ rule: RuleID) -> AlertSnapshot? {
        core.alerts.values.first { $0.rule == rule }
    }

    /// Milliseconds since `start` at which `rule` made transitions of `kind`.
    func times(_ rule: RuleID, _ kind: AlertTransitionKind, since start: EpochMillis) -> [EpochMillis] {
        transitions.filter { $0.rule == rule.rawValue && $0.transition == kind }.map { $0.at - start }
    }
}

/// A transition reduced to what most expectations compare.
struct Step: Equatable, CustomStringConvertible {
    var kind: AlertTransitionKind
    var severity: AlertSeverity
    var tier: Int

    init(_ kind: AlertTransitionKind, _ severity: AlertSeverity, _ tier: Int = 1) {
        self.kind = kind
        self.severity = severity
        self.tier = tier
    }

    var description: String { "\(kind)/\(severity)/t\(tier)" }
}

/// Lifecycle settings that never re-notify or escalate, so rule tests see only the rule's own transitions.
let quietLifecycle: [String: Double] = [
    "renotify_high_s": 0, "renotify_medium_s": 0, "renotify_low_s": 0, "escalate_high_tier2_s": 0,
    "escalate_medium_tier2_s": 0, "ack_timeout_high_s": 0,
]

func settings(_ overrides: [String: [String: Double]] = [:], quiet: Bool = true) -> AlertSettings {
    var all = overrides
    if quiet { all["lifecycle", default: [:]].merge(quietLifecycle) { current, _ in current } }
    let (settings, issues) = AlertSettings.validated(all)
    precondition(issues.isEmpty, "bad test settings: \(issues)")
    return settings
}
