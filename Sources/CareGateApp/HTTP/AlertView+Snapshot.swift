import CareGateAlerts
import CareGateCore
import CareGateHTTP

extension AlertView {
    /// The API's view of an engine snapshot (its timers and key stay internal).
    init(_ snapshot: AlertSnapshot) {
        let evidence = snapshot.evidence
        self.init(
            id: snapshot.id, rule: snapshot.rule.rawValue, severity: snapshot.severity, tier: snapshot.tier,
            status: snapshot.status.rawValue, site: snapshot.site, room: snapshot.room, bed: snapshot.bed,
            deviceId: snapshot.deviceId, kind: snapshot.kind.rawValue, residentRef: snapshot.residentRef,
            message: snapshot.message, details: snapshot.details, devices: snapshot.devices,
            triggerCount: snapshot.triggerCount, lastTriggerAt: snapshot.lastTriggerAt,
            suppression: snapshot.suppression?.rawValue, suppressedUntil: snapshot.suppressedUntil,
            evidence: Evidence(
                sourceTs: evidence.sourceTs, receivedAt: evidence.receivedAt, raisedAt: evidence.raisedAt,
                firstNotifiedAt: evidence.firstNotifiedAt, acknowledgedAt: evidence.acknowledgedAt,
                acknowledgedBy: evidence.acknowledgedBy, acknowledgeNote: evidence.acknowledgeNote,
                resolvedAt: evidence.resolvedAt, resolvedBy: evidence.resolvedBy, resolution: evidence.resolution))
    }
}
