import CareGateCore

/// The alert logic of one lane, without Dispatch: rule tables, open alerts, timers and the trigger
/// ledger for the subjects routed to it. The live engine wraps one per serial lane; replay drives
/// one synchronously on a virtual clock. Both therefore run the same code, input for input.
///
/// Not thread-safe: its owner guarantees serial access (the lane's queue, or replay's caller).
/// Every entry point takes `now` explicitly, so the core never reads a clock.
final class LaneCore {
    /// What the core reports to and persists through.
    struct Environment {
        var site: String
        var calendar: SiteCalendar
        var defaultNight: NightWindow
        var store: any AlertStore
        var sink: any AlertSink
        var observer: AlertEngineObserver?
        /// Receives every committed snapshot, so the engine can answer "list open alerts" without
        /// visiting the lanes.
        var publish: @Sendable ([AlertSnapshot]) -> Void
    }

    let env: Environment
    private(set) var settings: AlertSettings
    private(set) var lifecycle: AlertLifecycle
    private var subjects: [AlertSubject: SubjectContext] = [:]
    private let tableList: [any RuleTableProtocol]
    private let tables: [RuleID: any RuleTableProtocol]
    private(set) var alerts: [AlertKey: AlertSnapshot] = [:]
    private var alertKeys: [String: AlertKey] = [:]
    var deadlines = DeadlineQueue()
    private var ledger: TriggerLedger
    private var idCounter: UInt64 = 0
    /// The instant of the input being processed.
    var now: EpochMillis = 0
    /// Receipt time of the message being processed (evidence for alerts it raises).
    private var receivedAt: EpochMillis?

    init(environment: Environment, settings: AlertSettings, triggerKeyRetention: EpochMillis) {
        env = environment
        self.settings = settings
        lifecycle = AlertLifecycle(settings: settings.lifecycle)
        tableList = RuleCatalog.rules.map { Self.table(for: $0) }
        tables = Dictionary(uniqueKeysWithValues: tableList.map { ($0.id, $0) })
        ledger = TriggerLedger(retention: triggerKeyRetention)
    }

    private static func table<R: AlertRule>(for rule: R) -> any RuleTableProtocol { RuleTable(rule) }

    // MARK: Inputs

    /// Runs one decoded message through every rule that wants it.
    func process(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?, now: EpochMillis) {
        self.now = now
        let trigger = TriggerKey(message)
        if let trigger, ledger.contains(trigger) {
            env.observer?(.duplicateIgnored)
            return
        }
        let subject = AlertSubject(device: device)
        let context = self.context(for: subject)
        context.devices[device.deviceId] = device
        if let resident { context.resident = resident }
        context.facts.observe(message)
        receivedAt = message.receivedAt
        defer { receivedAt = nil }
        var batch = CommitBatch()
        for table in tableList where table.wants(message, device: device, resident: context.resident) {
            let key = AlertKey(subject: subject, rule: table.id, device: table.scope == .device ? device.deviceId : nil)
            table.handle(.message(message, device), key: key, kind: device.kind, core: self, batch: &batch)
        }
        commit(batch, trigger: trigger)
    }

    /// The earliest pending deadline of any rule or alert in this lane.
    func nextDeadline() -> EpochMillis? { deadlines.earliest() }

    /// Fires every rule and alert timer due at `now`, each committed on its own.
    func fireDue(at now: EpochMillis) {
        self.now = now
        while let target = deadlines.popDue(at: now) {
            var batch = CommitBatch()
            switch target {
            case .rule(let key):
                tables[key.rule]?.handle(.tick, key: key, kind: kind(for: key), core: self, batch: &batch)
            case .alert(let key):
                guard var alert = alerts[key] else { continue }
                let transition = lifecycle.tick(&alert, now: now)
                record(alert, transition, batch: &batch)
            }
            commit(batch, trigger: nil)
        }
    }

    /// Applies the registry's supervision entry (nil: no longer supervised) for one device.
    func supervise(device: DeviceRecord, resident: ResidentRecord?, supervision: DeviceSupervision?, now: EpochMillis) {
        self.now = now
        let subject = AlertSubject(device: device)
        note(device: device, resident: resident)
        var batch = CommitBatch()
        let key = AlertKey(subject: subject, rule: .deviceOffline, device: device.deviceId)
        tables[.deviceOffline]?.handle(.supervision(supervision), key: key, kind: device.kind, core: self, batch: &batch)
        commit(batch, trigger: nil)
    }

    /// Records the registry's view of a device and its resident, for timer-driven triggers.
    func note(device: DeviceRecord, resident: ResidentRecord?) {
        let context = self.context(for: AlertSubject(device: device))
        context.devices[device.deviceId] = device
        if let resident { context.resident = resident }
    }

    /// Replaces the settings; open alerts' timers are re-derived from the new lifecycle numbers.
    func update(settings: AlertSettings) {
        self.settings = settings
        lifecycle = AlertLifecycle(settings: settings.lifecycle)
        for (key, var alert) in alerts {
            lifecycle.schedule(&alert)
            alerts[key] = alert
            deadlines.schedule(.alert(key), at: alert.nextDeadline)
        }
    }

    /// Loads persisted state after a restart (this lane's share of it).
    func restore(alerts restored: [AlertSnapshot], ruleStates: [RuleStateRecord], triggerKeys: [TriggerKey], now: EpochMillis) {
        self.now = now
        for alert in restored where alert.isOpen {
            alerts[alert.key] = alert
            alertKeys[alert.id] = alert.key
            deadlines.schedule(.alert(alert.key), at: alert.nextDeadline)
        }
        for record in ruleStates {
            guard let state = record.state else { continue }
            if let windows = state.value as? SuppressionWindows {
                context(for: record.key.subject).windows = windows
            } else if let table = tables[record.key.rule] {
                deadlines.schedule(.rule(record.key), at: table.restore(state.value, key: record.key, now: now))
            }
        }
        for key in triggerKeys { ledger.insert(key, at: now) }
        env.publish(restored.filter(\.isOpen))
    }

    // MARK: Rule plumbing

    func context(for subject: AlertSubject) -> SubjectContext {
        if let existing = subjects[subject] { return existing }
        let created = SubjectContext(subject: subject)
        subjects[subject] = created
        return created
    }

    func ruleContext(key: AlertKey, kind: DeviceKind?) -> RuleContext {
        let subject = context(for: key.subject)
        let open = alerts[key].map { OpenAlertView(severity: $0.severity, status: $0.status, raisedAt: $0.evidence.raisedAt) }
        return RuleContext(
            now: now, settings: settings.view(rule: key.rule, kind: kind, resident: subject.resident),
            resident: subject.resident, calendar: env.calendar,
            nightWindow: subject.resident?.nightWindow ?? env.defaultNight, openAlert: open, facts: subject.facts)
    }

    /// Turns a rule's output into lifecycle steps on the key's alert.
    func apply(_ output: RuleOutput, key: AlertKey, batch: inout CommitBatch) {
        switch output {
        case .trigger(let trigger):
            let subject = context(for: key.subject)
            let device = subject.devices[trigger.deviceId] ?? key.device.flatMap { subject.devices[$0] }
                ?? DeviceRecord(deviceId: trigger.deviceId, kind: "unknown", profile: "", site: env.site, assignment: .unassigned)
            let window = subject.windows.covering(severity: trigger.severity, device: device.deviceId, at: now)
            if var alert = alerts[key] {
                let transition = lifecycle.retrigger(&alert, trigger, now: now, window: window)
                record(alert, transition, batch: &batch)
            } else {
                idCounter += 1
                let id = AlertIdentifier.make(key: key, raisedAt: now, counter: idCounter)
                let (alert, transition) = lifecycle.raise(
                    id: id, key: key, trigger: trigger, device: device, residentRef: key.subject.residentRef,
                    receivedAt: receivedAt ?? now, now: now, window: window)
                alertKeys[id] = key
                record(alert, transition, batch: &batch)
            }
        case .clear(let reason):
            guard var alert = alerts[key] else { return }
            let transition = lifecycle.resolve(&alert, by: nil, reason: reason, now: now)
            record(alert, transition, batch: &batch)
        }
    }

    /// Keeps the new snapshot (or forgets a resolved alert), re-arms its timer and queues the writes.
    func record(_ alert: AlertSnapshot, _ transition: AlertTransition?, batch: inout CommitBatch) {
        if alert.isOpen {
            alerts[alert.key] = alert
        } else {
            alerts[alert.key] = nil
            alertKeys[alert.id] = nil
        }
        deadlines.schedule(.alert(alert.key), at: alert.nextDeadline)
        batch.alerts.append(alert)
        if let transition { batch.transitions.append(transition) }
    }

    /// Persists a batch, then hands its transitions to the sink.
    @discardableResult
    func commit(_ batch: CommitBatch, trigger: TriggerKey?) -> [AlertTransition] {
        guard !batch.isEmpty else { return [] }
        var latest: [String: Int] = [:]
        var snapshots: [AlertSnapshot] = []
        for alert in batch.alerts {
            if let index = latest[alert.id] { snapshots[index] = alert } else {
                latest[alert.id] = snapshots.count
                snapshots.append(alert)
            }
        }
        let commit = AlertCommit(
            transitions: batch.transitions, alerts: snapshots, ruleStates: batch.ruleStates,
            triggerKeys: trigger.map { [$0] } ?? [])
        let delivered: [AlertTransition]
        do {
            delivered = try env.store.commit(commit)
        } catch {
            env.observer?(.storeFailed(String(describing: error)))
            delivered = commit.transitions
        }
        if let trigger { ledger.insert(trigger, at: now) }
        if !snapshots.isEmpty { env.publish(snapshots) }
        for transition in delivered {
            env.sink.deliver(transition)
            env.observer?(.transition(rule: RuleID(rawValue: transition.rule), severity: transition.severity, kind: transition.transition))
        }
        return delivered
    }

    func alert(id: String) -> AlertSnapshot? { alertKeys[id].flatMap { alerts[$0] } }

    func table(_ rule: RuleID) -> (any RuleTableProtocol)? { tables[rule] }

    func kind(for key: AlertKey) -> DeviceKind? {
        key.device.flatMap { subjects[key.subject]?.devices[$0]?.kind }
    }
}
