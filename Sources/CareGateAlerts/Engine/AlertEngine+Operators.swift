import CareGateCore

extension AlertEngine {
    /// Runs an operator command on the lane that owns its alert or subject and reports the
    /// resulting transitions (already durable and delivered). Safe from any thread, including the
    /// MQTT network thread (it does not wait).
    public func perform(
        _ command: OperatorCommand,
        completion: @escaping @Sendable (Result<[AlertTransition], AlertOperationError>) -> Void
    ) {
        guard isAccepting else {
            completion(.failure(AlertOperationError(.shuttingDown, "the alert engine is shutting down")))
            return
        }
        let subject: AlertSubject
        switch command {
        case .acknowledge(let id, _, _), .resolve(let id, _, _), .suppress(let id, _, _, _):
            guard let alert = alert(id: id) else {
                completion(.failure(AlertOperationError(.notFound, alertId: id, "no open alert \(id)")))
                return
            }
            subject = alert.key.subject
        case .beginSuppression(let scope, _, _, _), .endSuppression(let scope, _, _):
            subject = self.subject(for: scope)
        }
        let accepted = lane(for: subject).submit(.command(command, subject, completion))
        if !accepted {
            completion(.failure(AlertOperationError(.invalid, "the alert lane is saturated; retry")))
        }
    }

    /// `perform(_:completion:)` for async callers.
    public func perform(_ command: OperatorCommand) async throws(AlertOperationError) -> [AlertTransition] {
        let result = await withCheckedContinuation { continuation in
            perform(command) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Acknowledges an alert; returns the `acknowledged` transition.
    public func acknowledge(alertId: String, by: String, note: String? = nil) async throws(AlertOperationError) -> AlertTransition {
        try first(of: await perform(.acknowledge(alertId: alertId, by: by, note: note)), alertId)
    }

    /// Resolves an alert; returns the `resolved` transition.
    public func resolve(alertId: String, by: String, note: String? = nil) async throws(AlertOperationError) -> AlertTransition {
        try first(of: await perform(.resolve(alertId: alertId, by: by, note: note)), alertId)
    }

    /// Suppresses one alert for `seconds` (default `operator_suppress_s`); returns the `suppressed` transition.
    public func suppress(
        alertId: String, by: String, note: String? = nil, seconds: Double? = nil
    ) async throws(AlertOperationError) -> AlertTransition {
        try first(of: await perform(.suppress(alertId: alertId, by: by, note: note, seconds: seconds)), alertId)
    }

    private func first(of transitions: [AlertTransition], _ id: String) throws(AlertOperationError) -> AlertTransition {
        guard let transition = transitions.first(where: { $0.alertId == id }) else {
            throw AlertOperationError(.notFound, alertId: id, "no open alert \(id)")
        }
        return transition
    }
}
