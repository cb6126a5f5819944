import CareGateAlerts
import CareGateCore
import CareGateHTTP
import CareGateStorage
import Foundation
import Logging

/// The API's alert desk over the live engine: open alerts from the engine's index, resolved ones
/// from `alerts.sqlite`, staff actions through the engine's lanes (audited with the consumer
/// that relayed them), live transitions from the broadcast.
struct EngineAlertDesk: AlertDesk {
    let engine: AlertEngine
    let control: ControlDatabase
    let broadcast: AlertBroadcast
    let clock: any GatewayClock
    let logger: Logger

    func alerts(_ filter: ControlDatabase.AlertHistoryFilter, limit: Int) async throws -> [AlertView] {
        if filter == .open {
            return engine.openAlerts().reversed().prefix(limit).map(AlertView.init)
        }
        let stored = try await BlockingIO.run { [control] in try control.alertSnapshots(filter, limit: limit) }
        return try stored.map { AlertView(try Self.decode($0)) }
    }

    func alert(id: String) async throws -> AlertView? {
        if let open = engine.alert(id: id) { return AlertView(open) }
        guard let stored = try await BlockingIO.run({ [control] in try control.alertSnapshot(id: id) }) else { return nil }
        return AlertView(try Self.decode(stored))
    }

    func transitions(ofAlert id: String) async throws -> [AlertLogRecord] {
        try await BlockingIO.run { [control] in try control.transitions(ofAlert: id) }
    }

    func perform(_ action: AlertAction, alertId: String, request: AlertActionRequest, actor: String) async throws -> AlertTransition {
        let transition: AlertTransition
        do {
            switch action {
            case .acknowledge: transition = try await engine.acknowledge(alertId: alertId, by: request.by, note: request.note)
            case .resolve: transition = try await engine.resolve(alertId: alertId, by: request.by, note: request.note)
            case .suppress:
                transition = try await engine.suppress(alertId: alertId, by: request.by, note: request.note, seconds: request.seconds)
            }
        } catch {
            throw try await problem(for: error, alertId: alertId)
        }
        // The action is done and durable; a failed audit line must not make the caller retry it.
        let at = clock.now()
        do {
            try await BlockingIO.run { [control] in
                try control.audit(actor: actor, action: "alert.\(action.rawValue)", subject: alertId, detail: "by=\(request.by)", at: at)
            }
        } catch {
            logger.error("could not audit an alert action", metadata: ["alert.id": "\(alertId)", "consumer": "\(actor)", "error": "\(error)"])
        }
        return transition
    }

    func liveTransitions() -> AsyncStream<AlertTransition> {
        broadcast.subscribe()
    }

    /// The HTTP answer to a refused operator command: 404 for an alert that never existed, 409
    /// for one already resolved or acknowledged, 400 for a command that makes no sense, 503
    /// while the engine shuts down.
    private func problem(for error: AlertOperationError, alertId: String) async throws -> Problem {
        switch error.code {
        case .notFound:
            let resolved = try await BlockingIO.run { [control] in try control.alertSnapshot(id: alertId) } != nil
            return resolved ? .conflict("alert \(alertId) is already resolved") : .notFound("no alert \(alertId)")
        case .alreadyAcknowledged:
            return .conflict(error.reason)
        case .shuttingDown:
            return .unavailable(error.reason)
        default:
            return .badRequest(error.reason)
        }
    }

    private static func decode(_ json: String) throws -> AlertSnapshot {
        try JSONDecoder().decode(AlertSnapshot.self, from: Data(json.utf8))
    }
}
