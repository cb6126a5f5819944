import CareGateCore

extension LaneCore {
    typealias OperatorResult = Result<[AlertTransition], AlertOperationError>

    /// Runs an operator command whose alert or subject lives in this lane. `subject` is the
    /// routed subject for window commands (resolved by the engine from its registry).
    func perform(_ command: OperatorCommand, subject: AlertSubject?, now: EpochMillis) -> OperatorResult {
        self.now = now
        switch command {
        case .acknowledge(let id, let by, let note):
            return onAlert(id, by: by) { alert, batch in
                guard alert.status != .acknowledged else {
                    return AlertOperationError(.alreadyAcknowledged, alertId: id, "alert \(id) is already acknowledged")
                }
                let transition = lifecycle.acknowledge(&alert, by: by, note: note, now: now)
                record(alert, transition, batch: &batch)
                table(alert.key.rule)?.handle(
                    .staff(.acknowledged(by: by)), key: alert.key, kind: alert.kind, core: self, batch: &batch)
                return nil
            }
        case .resolve(let id, let by, let note):
            return onAlert(id, by: by) { alert, batch in
                let transition = lifecycle.resolve(&alert, by: by, reason: note ?? "", now: now)
                record(alert, transition, batch: &batch)
                table(alert.key.rule)?.handle(.staff(.resolved(by: by)), key: alert.key, kind: alert.kind, core: self, batch: &batch)
                return nil
            }
        case .suppress(let id, let by, let note, let seconds):
            return onAlert(id, by: by) { alert, batch in
                let length = seconds.map { EpochMillis($0 * 1000) } ?? lifecycle.settings.operatorSuppressDuration
                let transition = lifecycle.suppress(&alert, reason: .operator, until: now + length, by: by, note: note, now: now)
                record(alert, transition, batch: &batch)
                return nil
            }
        case .beginSuppression(let scope, let reason, let by, let until):
            guard let subject else { return .failure(AlertOperationError(.invalid, "no subject for \(scope)")) }
            return begin(reason, scope: scope, subject: subject, by: by, until: until)
        case .endSuppression(let scope, let reason, let by):
            guard let subject else { return .failure(AlertOperationError(.invalid, "no subject for \(scope)")) }
            return end(reason, scope: scope, subject: subject, by: by)
        }
    }

    private func onAlert(
        _ id: String, by: String, _ body: (inout AlertSnapshot, inout CommitBatch) -> AlertOperationError?
    ) -> OperatorResult {
        guard !by.isEmpty else { return .failure(AlertOperationError(.invalid, alertId: id, "a staff id is required")) }
        guard var alert = alert(id: id) else {
            return .failure(AlertOperationError(.notFound, alertId: id, "no open alert \(id)"))
        }
        var batch = CommitBatch()
        if let error = body(&alert, &batch) { return .failure(error) }
        return .success(commit(batch, trigger: nil))
    }

    private func begin(
        _ reason: SuppressionReason, scope: SuppressionScope, subject: AlertSubject, by: String, until: EpochMillis?
    ) -> OperatorResult {
        var device: String?
        if case .device(let id) = scope, reason == .maintenance { device = id }
        if reason == .maintenance && device == nil {
            return .failure(AlertOperationError(.invalid, "maintenance applies to a device"))
        }
        if reason == .operator { return .failure(AlertOperationError(.invalid, "use suppress(alertId:) for one alert")) }
        let end = until ?? (reason == .staffPresent ? now + lifecycle.settings.staffPresentDuration : nil)
        let window = SuppressionWindows.Window(reason: reason, device: device, since: now, until: end, by: by)
        let context = context(for: subject)
        context.windows.prune(at: now)
        context.windows.windows.removeAll { $0.reason == reason && $0.device == device }
        context.windows.windows.append(window)
        var batch = CommitBatch()
        persistWindows(of: context, batch: &batch)
        for (key, var alert) in alerts where key.subject == subject && alert.status == .active {
            guard window.covers(severity: alert.severity, device: alert.deviceId, at: now) else { continue }
            let transition = lifecycle.suppress(&alert, reason: reason, until: end, by: by, note: nil, now: now)
            record(alert, transition, batch: &batch)
        }
        return .success(commit(batch, trigger: nil))
    }

    private func end(_ reason: SuppressionReason, scope: SuppressionScope, subject: AlertSubject, by: String) -> OperatorResult {
        var device: String?
        if case .device(let id) = scope, reason == .maintenance { device = id }
        let context = context(for: subject)
        context.windows.prune(at: now)
        context.windows.windows.removeAll { $0.reason == reason && $0.device == device }
        var batch = CommitBatch()
        persistWindows(of: context, batch: &batch)
        for (key, var alert) in alerts where key.subject == subject && alert.status == .suppressed && alert.suppression == reason {
            if reason == .maintenance && alert.deviceId != device { continue }
            // Another window (say, staff still present) may keep holding it.
            if let other = context.windows.covering(severity: alert.severity, device: alert.deviceId, at: now) {
                alert.suppression = other.reason
                alert.suppressedUntil = other.until
                lifecycle.schedule(&alert)
                record(alert, nil, batch: &batch)
                continue
            }
            let transition = lifecycle.reactivate(&alert, now: now)
            record(alert, transition, batch: &batch)
        }
        return .success(commit(batch, trigger: nil))
    }

    private func persistWindows(of context: SubjectContext, batch: inout CommitBatch) {
        let key = AlertKey(subject: context.subject, rule: .suppression)
        let state = context.windows.windows.isEmpty ? nil : AnyRuleState(rule: .suppression, value: context.windows)
        batch.ruleStates.append(RuleStateRecord(key: key, state: state))
    }
}
