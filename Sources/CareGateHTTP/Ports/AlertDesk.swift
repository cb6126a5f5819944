import CareGateCore
import CareGateStorage

/// What the API needs from the alert core: listing alerts, acting on them as staff, and the live
/// transitions for the SSE stream. The gateway implements it over its `AlertEngine`; failures
/// come back as `Problem`s (the implementation is part of the HTTP edge).
public protocol AlertDesk: Sendable {
    /// Alerts in `filter`, newest raised first, at most `limit`.
    func alerts(_ filter: ControlDatabase.AlertHistoryFilter, limit: Int) async throws -> [AlertView]
    /// One alert, open or resolved, or nil.
    func alert(id: String) async throws -> AlertView?
    /// The transitions of one alert, in sequence order.
    func transitions(ofAlert id: String) async throws -> [AlertLogRecord]
    /// Runs a staff action for `actor` (the consumer relaying it, audited) and returns the
    /// transition it produced, already durable and delivered.
    func perform(_ action: AlertAction, alertId: String, request: AlertActionRequest, actor: String) async throws -> AlertTransition
    /// Every transition from now on, in delivery order, until the caller stops iterating. A
    /// listener too slow to keep up loses the oldest buffered ones (it can re-read the log).
    func liveTransitions() -> AsyncStream<AlertTransition>
}

/// A staff action on one alert.
public enum AlertAction: String, Sendable, Hashable, CaseIterable {
    case acknowledge
    case resolve
    case suppress
}
