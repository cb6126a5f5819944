import CareGateStorage

/// What the API needs to report on the gateway: health, the status screen, Prometheus metrics
/// and operator notices.
public protocol GatewayMonitor: Sendable {
    func health() -> HealthReport
    /// The status screen without its `consumers` (the API adds those).
    func status() async throws -> StatusReport
    /// The Prometheus text exposition, or nil when this process collects no metrics.
    func metrics() -> [UInt8]?
    /// Notices not yet cleared, newest first.
    func notices() async throws -> [OperatorNotice]
}
