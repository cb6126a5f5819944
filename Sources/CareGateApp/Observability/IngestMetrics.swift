import CareGateCore
import CoreMetrics

/// The ingest path's metric handles, created once at start so the hot path only increments.
/// Label values are bounded sets (QoS, device kind, reason code), never a device id.
final class IngestMetrics: Sendable {
    let received: [Counter]
    let accepted: Counter
    let duplicates: Counter
    let ignored: Counter
    let quarantined: [QuarantineReason: Counter]
    let unjournaled: Counter
    let devicesAutoRegistered: Counter
    let storedRows: Counter
    let commitSeconds: Timer
    let commitFailures: Counter
    let writerLagBytes: Gauge

    init() {
        received = (0...2).map { Counter(label: "caregate_messages_received_total", dimensions: [("qos", String($0))]) }
        accepted = Counter(label: "caregate_messages_accepted_total")
        duplicates = Counter(label: "caregate_messages_duplicate_total")
        ignored = Counter(label: "caregate_messages_ignored_total")
        var quarantined: [QuarantineReason: Counter] = [:]
        for reason in QuarantineReason.all {
            quarantined[reason] = Counter(label: "caregate_messages_quarantined_total", dimensions: [("reason", reason.rawValue)])
        }
        self.quarantined = quarantined
        unjournaled = Counter(label: "caregate_records_dropped_total", dimensions: [("reason", "journal_unavailable")])
        devicesAutoRegistered = Counter(label: "caregate_devices_auto_registered_total")
        storedRows = Counter(label: "caregate_buffer_rows_written_total")
        commitSeconds = Timer(label: "caregate_buffer_commit_seconds", preferredDisplayUnit: .seconds)
        commitFailures = Counter(label: "caregate_buffer_commit_failures_total")
        writerLagBytes = Gauge(label: "caregate_buffer_writer_lag_bytes")
    }

    func quarantine(_ reason: QuarantineReason) {
        (quarantined[reason] ?? Counter(label: "caregate_messages_quarantined_total", dimensions: [("reason", reason.rawValue)])).increment()
    }
}
