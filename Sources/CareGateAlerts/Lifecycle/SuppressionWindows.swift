import CareGateCore

/// A subject's suppression windows: staff present, resident away, devices under maintenance.
/// Persisted like rule state (under the `suppression` pseudo-rule) so they survive a restart.
public struct SuppressionWindows: RuleStateValue {
    /// One window.
    public struct Window: Sendable, Hashable, Codable {
        public var reason: SuppressionReason
        /// For maintenance: the device under service.
        public var device: String?
        public var since: EpochMillis
        /// Nil: until an operator ends it.
        public var until: EpochMillis?
        public var by: String

        func isActive(at now: EpochMillis) -> Bool { until.map { $0 > now } ?? true }

        /// Whether this window holds back an alert of `severity` caused by `device`.
        func covers(severity: AlertSeverity, device alertDevice: String, at now: EpochMillis) -> Bool {
            guard isActive(at: now) else { return false }
            switch reason {
            case .maintenance: return device == alertDevice
            case .staffPresent, .residentAway: return severity < .high
            case .operator: return false
            }
        }
    }

    public var windows: [Window] = []

    public init() {}
    public var nextDeadline: EpochMillis? { nil }

    /// The window that holds back a new alert, preferring the one that lasts longest.
    func covering(severity: AlertSeverity, device: String, at now: EpochMillis) -> Window? {
        windows.filter { $0.covers(severity: severity, device: device, at: now) }
            .max { ($0.until ?? .max) < ($1.until ?? .max) }
    }

    /// Drops expired windows.
    mutating func prune(at now: EpochMillis) {
        windows.removeAll { !$0.isActive(at: now) }
    }
}
