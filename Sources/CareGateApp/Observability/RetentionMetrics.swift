import CareGateStorage
import CoreMetrics

/// The retention pass's metric handles: rows purged per class and reason, records dropped before
/// a required consumer committed them, and the bytes each class occupies.
final class RetentionMetrics: Sendable {
    private let purged: [String: Counter]
    private let dropped: Counter
    private let bytes: [RetentionClass: Gauge]

    init() {
        var purged: [String: Counter] = [:]
        for dataClass in RetentionClass.allCases {
            for reason in PurgeReason.allCases {
                purged[Self.key(dataClass, reason)] = Counter(
                    label: "caregate_records_purged_total", dimensions: [("class", dataClass.rawValue), ("reason", reason.rawValue)])
            }
        }
        self.purged = purged
        dropped = Counter(label: "caregate_records_dropped_total", dimensions: [("reason", PurgeReason.budgetForced.rawValue)])
        var bytes: [RetentionClass: Gauge] = [:]
        for dataClass in RetentionClass.allCases {
            bytes[dataClass] = Gauge(label: "caregate_retention_bytes", dimensions: [("class", dataClass.rawValue)])
        }
        self.bytes = bytes
    }

    func record(_ report: RetentionReport) {
        for step in report.purged {
            purged[Self.key(step.dataClass, step.reason)]?.increment(by: step.rows)
            if step.reason == .budgetForced { dropped.increment(by: step.rows) }
        }
        for (dataClass, survey) in report.survey { bytes[dataClass]?.record(survey.bytes) }
    }

    private static func key(_ dataClass: RetentionClass, _ reason: PurgeReason) -> String {
        dataClass.rawValue + "." + reason.rawValue
    }
}
