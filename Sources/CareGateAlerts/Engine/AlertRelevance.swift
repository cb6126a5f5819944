import CareGateCore

/// Decides on the submitting thread, without touching lane state, whether a message goes to the
/// front of its lane's inbox: events, availability, and telemetry that changes one of the metrics
/// the event-like rules react to (posture, bed occupancy, presence, ...). Steady vital signs are
/// plain telemetry: the sustained rules tolerate coalescing to the newest value.
enum AlertRelevance {
    static let stateMetrics: Set<String> = [
        "posture", "fall_state", "in_bed", "presence", "motion", "worn", "brake", "rails_up", "at_lowest", "zone",
        "occupied", "turnovers", "last_exam",
    ]

    /// Whether `message` is urgent, given the device's last submitted values of the state metrics
    /// (updated in place).
    static func isUrgent(_ message: DeviceMessage, lastValues: inout [String: MetricValue]) -> Bool {
        if message.role == .event || message.role == .availability || !message.events.isEmpty { return true }
        var changed = false
        for reading in message.readings where stateMetrics.contains(reading.metric) {
            if lastValues[reading.metric] != reading.value {
                lastValues[reading.metric] = reading.value
                changed = true
            }
        }
        return changed
    }
}
