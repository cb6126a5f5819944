import CareGateCore

/// The full state of one alert: what the nurse station lists, what the store persists as a JSON
/// blob with every transition, and what the engine reloads after a restart, pending timers
/// included (they are absolute instants, so a deadline that passed while the gateway was down
/// fires at once on restart).
public struct AlertSnapshot: Sendable, Hashable, Codable {
    public var id: String
    public var key: AlertKey
    public var rule: RuleID
    public var severity: AlertSeverity
    public var tier: Int
    public var status: AlertStatus
    public var site: String
    public var room: String?
    public var bed: String?
    /// The device whose message raised the alert.
    public var deviceId: String
    public var kind: DeviceKind
    public var residentRef: String?
    public var message: String
    public var details: [String: MetricValue]
    /// Every device that contributed (a correlated radar + watch fall lists both).
    public var devices: [String]
    public var evidence: AlertEvidence
    /// Triggers merged into this alert, the first included.
    public var triggerCount: Int
    public var lastTriggerAt: EpochMillis

    /// When the current tier was reached (the escalation ladder counts from here).
    public var tierSince: EpochMillis
    public var lastNotifiedAt: EpochMillis?
    /// The latest acknowledgement (the evidence keeps the first); the re-escalation timer counts from it.
    public var lastAcknowledgedAt: EpochMillis?
    public var suppression: SuppressionReason?
    /// End of the suppression; nil while suppressed means "until cleared".
    public var suppressedUntil: EpochMillis?
    public var renotifyAt: EpochMillis?
    public var escalateAt: EpochMillis?
    /// When an acknowledged alert re-escalates if still unresolved.
    public var ackExpiresAt: EpochMillis?

    public var isOpen: Bool { status != .resolved }

    /// The earliest pending timer.
    public var nextDeadline: EpochMillis? {
        switch status {
        case .active: [renotifyAt, escalateAt].compactMap { $0 }.min()
        case .acknowledged: ackExpiresAt
        case .suppressed: suppressedUntil
        case .resolved: nil
        }
    }

    /// The transition record for `kind` at `at`, in the wire contract's shape (`seq` is assigned by the store).
    public func transition(_ kind: AlertTransitionKind, at: EpochMillis, by: String?, message: String? = nil,
                           note: String? = nil) -> AlertTransition {
        var details = self.details
        if devices.count > 1 { details["devices"] = .text(devices.joined(separator: ",")) }
        if let note, !note.isEmpty { details["note"] = .text(note) }
        if let suppression, kind == .suppressed { details["suppression"] = .text(suppression.rawValue) }
        return AlertTransition(
            alertId: id, transition: kind, rule: rule.rawValue, severity: severity, tier: tier, site: site, room: room,
            bed: bed, deviceId: deviceId, kind: self.kind, residentRef: residentRef, sourceTs: evidence.sourceTs,
            raisedAt: evidence.raisedAt, at: at, by: by, message: message ?? self.message, details: details)
    }
}
