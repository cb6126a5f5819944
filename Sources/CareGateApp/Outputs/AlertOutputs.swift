import CareGateAlerts
import CareGateCore
import CareGateMQTT
import CareGateStorage
import Dispatch
import Logging
import Synchronization

/// Delivers every durable alert transition to the people who act on it: the alert log the nurse
/// station tails, `care/{site}/gateway/alerts` with the retained active set under
/// `alerts/active/{alertId}`, and live listeners (SSE).
///
/// Lanes hand transitions over and return; one serial queue does the I/O in transition order.
/// A transition counts as published when the broker acknowledges it (PUBACK); those still
/// unacknowledged are published again on every (re)connect, so a broker outage or a restart loses
/// none (consumers de-duplicate on `seq`). The alert log is caught up from the database at start.
final class AlertOutputs: AlertSink, Sendable {
    private let queue = DispatchQueue(label: "caregate.alert-outputs", qos: .userInteractive)
    private let alertsTopic: String
    private let activePrefix: String
    private let log: AlertLog
    private let control: ControlDatabase
    private let broadcast: AlertBroadcast
    private let metrics: AlertMetrics
    private let clock: any GatewayClock
    private let logger: Logger
    private let client = Mutex<MQTTClient?>(nil)
    /// Publishes of the alerts topic awaiting their PUBACK: mid → transition seq; and PUBACKs of
    /// mids not (yet) in it. A PUBACK can overtake the recording of its own publish (it comes on
    /// the network thread as soon as the broker answers), so the next recorded publish looks
    /// there first; any other entry there is some other message's and is dropped.
    private let awaitingAcknowledgement = Mutex<(pending: [Int32: Int64], unclaimed: Set<Int32>)>(([:], []))
    /// Transitions the broker acknowledged, not yet recorded as published. They are recorded in
    /// one transaction per batch on their own queue: one commit per PUBACK on the outputs queue
    /// made the next transition wait behind it, and every lane's commit wait for the writer lock.
    private let acknowledgedSeqs = Mutex<(seqs: [Int64], scheduled: Bool)>(([], false))
    private let recordQueue = DispatchQueue(label: "caregate.alert-outputs.published", qos: .utility)
    private static let recordDelay = DispatchTimeInterval.milliseconds(50)

    init(
        site: String, log: AlertLog, control: ControlDatabase, broadcast: AlertBroadcast, metrics: AlertMetrics,
        clock: any GatewayClock, logger: Logger
    ) {
        alertsTopic = "care/\(site)/gateway/alerts"
        activePrefix = "care/\(site)/gateway/alerts/active/"
        self.log = log
        self.control = control
        self.broadcast = broadcast
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
    }

    /// Connects the outputs to the broker client (created after the engine, which needs the sink).
    func attach(_ client: MQTTClient) {
        self.client.withLock { $0 = client }
    }

    func deliver(_ transition: AlertTransition) {
        metrics.record(transition)
        queue.async { [self] in emit(transition) }
    }

    /// Appends to the alert log every durable transition it does not hold yet (after a crash
    /// between commit and append). Call before the engine starts delivering.
    func catchUpAlertLog() {
        queue.sync {
            var last = AlertLog.lastSequence(in: log.path) ?? 0
            while let missing = try? control.transitions(after: last), !missing.isEmpty {
                for transition in missing { append(transition) }
                last = missing.last!.seq
            }
        }
    }

    /// After every (re)connect: publishes again what the broker never acknowledged, in order.
    func republishUnacknowledged() {
        queue.async { [self] in
            guard let pending = try? control.unpublishedTransitions(limit: 10_000) else { return }
            let acknowledged = acknowledgedSeqs.withLock { $0.seqs }
            let inFlight = awaitingAcknowledgement.withLock { Set($0.pending.values) }.union(acknowledged)
            for transition in pending where !inFlight.contains(transition.seq) {
                publish(transition)
            }
        }
    }

    /// Called on the MQTT thread when the broker acknowledged message `mid`.
    func acknowledged(mid: Int32) {
        let seq = awaitingAcknowledgement.withLock { state -> Int64? in
            guard let seq = state.pending.removeValue(forKey: mid) else {
                state.unclaimed.insert(mid)
                return nil
            }
            return seq
        }
        guard let seq else { return }
        markPublished(seq)
    }

    /// Queues `seq` for the next batch and schedules the batch if none is.
    private func markPublished(_ seq: Int64) {
        let schedule = acknowledgedSeqs.withLock { state -> Bool in
            state.seqs.append(seq)
            defer { state.scheduled = true }
            return !state.scheduled
        }
        if schedule { recordQueue.asyncAfter(deadline: .now() + Self.recordDelay) { [self] in recordPublished() } }
    }

    /// Records the queued acknowledgements in one transaction. If that fails they stay
    /// unpublished in the database and go out again on the next connect (consumers de-duplicate).
    private func recordPublished() {
        let seqs = acknowledgedSeqs.withLock { state -> [Int64] in
            defer { state = ([], false) }
            return state.seqs
        }
        do {
            try control.markPublished(seqs)
        } catch {
            logger.warning("could not record alert transitions as published", metadata: ["alert.count": "\(seqs.count)", "error": "\(error)"])
        }
    }

    /// Reopens the alert log file in transition order (SIGHUP, after logrotate).
    func reopenAlertLog() throws {
        try queue.sync { try log.reopen() }
    }

    /// Waits until every transition handed over so far has been written and published, and the
    /// acknowledgements received so far are recorded.
    func flush() {
        queue.sync {}
        recordQueue.sync { recordPublished() }
    }

    private func emit(_ transition: AlertTransition) {
        append(transition)
        publish(transition)
        broadcast.send(transition)
        metrics.recordDelivery(transition, at: clock.now())
    }

    private func append(_ transition: AlertTransition) {
        do {
            try log.append(transition)
        } catch {
            metrics.logFailures.increment()
            logger.error("could not write the alert log", metadata: ["error": "\(error)", "alert.id": "\(transition.alertId)"])
        }
    }

    private func publish(_ transition: AlertTransition) {
        guard let client = client.withLock({ $0 }) else { return }
        let payload = Array(transition.jsonLine.utf8)
        do {
            let mid = try client.publish(topic: alertsTopic, payload: payload, qos: .atLeastOnce, retain: false)
            let alreadyAcknowledged = awaitingAcknowledgement.withLock { state -> Bool in
                defer { state.unclaimed.removeAll() }
                if state.unclaimed.contains(mid) { return true }
                state.pending[mid] = transition.seq
                return false
            }
            if alreadyAcknowledged { markPublished(transition.seq) }
            let active = activePrefix + transition.alertId
            if transition.transition == .resolved {
                _ = try client.publish(topic: active, payload: [], qos: .atLeastOnce, retain: true)
            } else {
                _ = try client.publish(topic: active, payload: payload, qos: .atLeastOnce, retain: true)
            }
        } catch {
            // Not connected: the transition stays unpublished in the database and goes out on reconnect.
            metrics.publishDeferred.increment()
        }
    }
}
