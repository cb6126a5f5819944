import CareGateCore

/// What a replay would have done: alerts per rule and severity, and every transition.
public struct ReplayReport: Sendable {
    /// Alerts of one rule that reached one severity (its highest), and how many.
    public struct Count: Sendable, Hashable {
        public var rule: RuleID
        public var severity: AlertSeverity
        public var alerts: Int
    }

    public var messages: Int
    /// Every transition, in order (seq numbered from 1).
    public var transitions: [AlertTransition]
    /// Messages skipped because their trigger key had already been acted on.
    public var duplicatesIgnored: Int

    /// Alerts by rule and highest severity reached, sorted by rule then severity (high first).
    public var counts: [Count] {
        var peak: [String: (rule: RuleID, severity: AlertSeverity)] = [:]
        for transition in transitions {
            let rule = RuleID(rawValue: transition.rule)
            if let seen = peak[transition.alertId], seen.severity >= transition.severity { continue }
            peak[transition.alertId] = (rule, transition.severity)
        }
        var tally: [Count: Int] = [:]
        for (rule, severity) in peak.values {
            tally[Count(rule: rule, severity: severity, alerts: 0), default: 0] += 1
        }
        return tally.map { Count(rule: $0.key.rule, severity: $0.key.severity, alerts: $0.value) }
            .sorted { ($0.rule, $1.severity) < ($1.rule, $0.severity) }
    }

    /// Alerts of `rule` (at `severity`, if given).
    public func alerts(_ rule: RuleID, severity: AlertSeverity? = nil) -> Int {
        counts.filter { $0.rule == rule && (severity == nil || $0.severity == severity) }.reduce(0) { $0 + $1.alerts }
    }

    /// Transitions of each kind.
    public var transitionCounts: [AlertTransitionKind: Int] {
        transitions.reduce(into: [:]) { $0[$1.transition, default: 0] += 1 }
    }
}
