import CareGateAlerts
import CareGateCore
import CoreMetrics
import Synchronization

/// Metric handles of the alert core and its outputs. Labels are bounded: rule ids, severities and
/// transition kinds (a few hundred series at most), never an alert or device id.
final class AlertMetrics: Sendable {
    private let transitions = Mutex<[String: Counter]>([:])
    let coalesced = Counter(label: "caregate_alert_telemetry_coalesced_total")
    let duplicateTriggers = Counter(label: "caregate_alert_duplicate_triggers_total")
    let rejected = Counter(label: "caregate_alert_inputs_rejected_total")
    let storeFailures = Counter(label: "caregate_alert_store_failures_total")
    let publishDeferred = Counter(label: "caregate_alert_publish_deferred_total")
    let logFailures = Counter(label: "caregate_alert_log_failures_total")
    /// From the transition (raised, escalated, ...) to its delivery on MQTT and the alert log.
    let deliveryDelay = Timer(label: "caregate_alert_delivery_seconds", preferredDisplayUnit: .seconds)

    init() {}

    /// The observer to hand to the engine.
    var observer: AlertEngineObserver {
        { [self] event in
            switch event {
            case .transition: break  // counted in `record` with the delivered transition
            case .coalesced: coalesced.increment()
            case .duplicateIgnored: duplicateTriggers.increment()
            case .rejected: rejected.increment()
            case .storeFailed: storeFailures.increment()
            }
        }
    }

    func record(_ transition: AlertTransition) {
        let key = transition.rule + "|" + transition.severity.rawValue + "|" + transition.transition.rawValue
        let counter = transitions.withLock { counters in
            if let existing = counters[key] { return existing }
            let made = Counter(
                label: "caregate_alert_transitions_total",
                dimensions: [("rule", transition.rule), ("severity", transition.severity.rawValue), ("transition", transition.transition.rawValue)])
            counters[key] = made
            return made
        }
        counter.increment()
    }

    func recordDelivery(_ transition: AlertTransition, at now: EpochMillis) {
        deliveryDelay.recordMilliseconds(max(0, now - transition.at))
    }
}
