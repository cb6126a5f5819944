import CareGateCore

/// The alert lifecycle as a pure state machine over `AlertSnapshot`:
/// `raised → (renotified)* → (escalated)* → acknowledged → resolved`, or `suppressed`.
///
/// Each function mutates the snapshot, re-computes its timers and returns the transition the
/// outside world must see (or nil for a silent update). Timers are absolute instants in the
/// snapshot, so a deadline that passed while the gateway was down fires at once after a restart,
/// and the ladder catches up in one `escalated` transition instead of replaying every missed step.
struct AlertLifecycle {
    let settings: LifecycleSettings

    /// Tier 4 is external help; explicit escalations (long lie, an unresolved acknowledgement)
    /// climb toward it whatever the automatic ladder of the severity reaches.
    static let topTier = 4

    /// A new alert from a rule's trigger; suppressed from the start when `window` holds it back.
    func raise(
        id: String, key: AlertKey, trigger: RuleTrigger, device: DeviceRecord, residentRef: String?,
        receivedAt: EpochMillis, now: EpochMillis, window: SuppressionWindows.Window?
    ) -> (AlertSnapshot, AlertTransition) {
        var evidence = AlertEvidence(sourceTs: trigger.sourceTs, receivedAt: receivedAt, raisedAt: now)
        if window == nil { evidence.firstNotifiedAt = now }
        var snapshot = AlertSnapshot(
            id: id, key: key, rule: key.rule, severity: trigger.severity, tier: 1,
            status: window == nil ? .active : .suppressed, site: device.site, room: device.room, bed: device.bed,
            deviceId: device.deviceId, kind: device.kind, residentRef: residentRef, message: trigger.message,
            details: trigger.details, devices: [device.deviceId], evidence: evidence, triggerCount: 1,
            lastTriggerAt: now, tierSince: now, lastNotifiedAt: window == nil ? now : nil,
            suppression: window?.reason, suppressedUntil: window?.until)
        schedule(&snapshot)
        let kind: AlertTransitionKind = window == nil ? .raised : .suppressed
        return (snapshot, snapshot.transition(kind, at: now, by: window?.by))
    }

    /// A further trigger for an open alert: merge it, and notify or escalate as the rule asked.
    /// `window` is the suppression that would hold the alert at its (possibly new) severity.
    func retrigger(
        _ alert: inout AlertSnapshot, _ trigger: RuleTrigger, now: EpochMillis, window: SuppressionWindows.Window?
    ) -> AlertTransition? {
        alert.details.merge(trigger.details) { _, new in new }
        if !trigger.deviceId.isEmpty, !alert.devices.contains(trigger.deviceId) { alert.devices.append(trigger.deviceId) }
        alert.triggerCount += 1
        alert.lastTriggerAt = now
        let messageChanged = alert.message != trigger.message
        alert.message = trigger.message
        defer { schedule(&alert) }

        // A worse condition is news even to someone already on it: it needs a new acknowledgement.
        if trigger.severity > alert.severity {
            alert.severity = trigger.severity
            if alert.status == .suppressed {
                return window == nil ? reactivate(&alert, now: now) : nil
            }
            if trigger.effect == .escalate { alert.tier = min(alert.tier + 1, Self.topTier) }
            activate(&alert, now: now)
            return alert.transition(.escalated, at: now, by: nil)
        }
        if alert.status == .suppressed { return nil }
        switch trigger.effect {
        case .update:
            return nil
        case .escalate:
            alert.tier = min(alert.tier + 1, Self.topTier)
            activate(&alert, now: now)
            return alert.transition(.escalated, at: now, by: nil)
        case .notify:
            let interval = settings.renotifyInterval(alert.severity) ?? 0
            guard messageChanged || alert.lastNotifiedAt.map({ now - $0 >= interval }) ?? true else { return nil }
            alert.lastNotifiedAt = now
            return alert.transition(.renotified, at: now, by: nil)
        }
    }

    /// Fires whatever timer of `alert` is due at `now`: suppression end, re-escalation of an
    /// unresolved acknowledgement, the next escalation tier(s), or a re-notification.
    func tick(_ alert: inout AlertSnapshot, now: EpochMillis) -> AlertTransition? {
        defer { schedule(&alert) }
        switch alert.status {
        case .suppressed:
            guard let until = alert.suppressedUntil, until <= now else { return nil }
            return reactivate(&alert, now: now)
        case .acknowledged:
            guard let expires = alert.ackExpiresAt, expires <= now else { return nil }
            alert.tier = min(alert.tier + 1, Self.topTier)
            activate(&alert, now: now)
            return alert.transition(.escalated, at: now, by: nil, message: "Not resolved after acknowledgement: " + alert.message)
        case .active:
            var climbed = false
            while let gap = settings.escalationGap(alert.severity, fromTier: alert.tier), alert.tierSince + gap <= now {
                alert.tierSince += gap
                alert.tier += 1
                climbed = true
            }
            if climbed {
                alert.lastNotifiedAt = now
                return alert.transition(.escalated, at: now, by: nil)
            }
            guard let interval = settings.renotifyInterval(alert.severity), let last = alert.lastNotifiedAt,
                last + interval <= now
            else { return nil }
            alert.lastNotifiedAt = now
            return alert.transition(.renotified, at: now, by: nil)
        case .resolved:
            return nil
        }
    }

    func acknowledge(_ alert: inout AlertSnapshot, by: String, note: String?, now: EpochMillis) -> AlertTransition {
        alert.status = .acknowledged
        alert.suppression = nil
        alert.suppressedUntil = nil
        alert.lastAcknowledgedAt = now
        // Evidence keeps the first acknowledgement: that is the response time inspectors ask for.
        if alert.evidence.acknowledgedAt == nil {
            alert.evidence.acknowledgedAt = now
            alert.evidence.acknowledgedBy = by
            alert.evidence.acknowledgeNote = note
        }
        schedule(&alert)
        return alert.transition(.acknowledged, at: now, by: by, note: note)
    }

    /// Closes the alert: by staff (`by` set) or because its condition cleared (`by` nil).
    func resolve(_ alert: inout AlertSnapshot, by: String?, reason: String, now: EpochMillis) -> AlertTransition {
        alert.status = .resolved
        alert.evidence.resolvedAt = now
        alert.evidence.resolvedBy = by
        alert.evidence.resolution = reason
        schedule(&alert)
        let text = by == nil ? "Resolved: " + reason : "Resolved by staff: " + alert.message
        return alert.transition(.resolved, at: now, by: by, message: text, note: by == nil ? nil : reason)
    }

    func suppress(
        _ alert: inout AlertSnapshot, reason: SuppressionReason, until: EpochMillis?, by: String?, note: String?,
        now: EpochMillis
    ) -> AlertTransition {
        alert.status = .suppressed
        alert.suppression = reason
        alert.suppressedUntil = until
        schedule(&alert)
        return alert.transition(.suppressed, at: now, by: by, note: note)
    }

    /// Ends a suppression: the alert goes out now, as `raised` if staff never saw it, otherwise as
    /// a re-notification; the escalation ladder starts again from here.
    func reactivate(_ alert: inout AlertSnapshot, now: EpochMillis) -> AlertTransition {
        let firstTime = alert.evidence.firstNotifiedAt == nil
        alert.suppression = nil
        alert.suppressedUntil = nil
        activate(&alert, now: now)
        if firstTime { alert.evidence.firstNotifiedAt = now }
        schedule(&alert)
        return alert.transition(firstTime ? .raised : .renotified, at: now, by: nil)
    }

    private func activate(_ alert: inout AlertSnapshot, now: EpochMillis) {
        alert.status = .active
        alert.tierSince = now
        alert.lastNotifiedAt = now
    }

    /// Recomputes the timers from the status; the only place timers are derived.
    func schedule(_ alert: inout AlertSnapshot) {
        alert.renotifyAt = nil
        alert.escalateAt = nil
        alert.ackExpiresAt = nil
        switch alert.status {
        case .active:
            if let interval = settings.renotifyInterval(alert.severity), let last = alert.lastNotifiedAt {
                alert.renotifyAt = last + interval
            }
            if let gap = settings.escalationGap(alert.severity, fromTier: alert.tier) {
                alert.escalateAt = alert.tierSince + gap
            }
        case .acknowledged:
            if let timeout = settings.ackTimeout(alert.severity), let at = alert.lastAcknowledgedAt {
                alert.ackExpiresAt = at + timeout
            }
        case .suppressed, .resolved:
            break
        }
    }
}
