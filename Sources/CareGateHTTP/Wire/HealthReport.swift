/// `GET /health`: liveness (the alert core makes progress) and readiness (it can also take in
/// device traffic), with the reasons when either is false.
public struct HealthReport: Codable, Sendable, Hashable {
    /// `ok`, `degraded` (alive but not ready, e.g. the broker is unreachable) or `down`.
    public var status: String
    public var ready: Bool
    public var live: Bool
    public var reasons: [String]

    public init(live: Bool, problems: [String]) {
        self.live = live
        ready = live && problems.isEmpty
        reasons = problems
        status = !live ? "down" : (problems.isEmpty ? "ok" : "degraded")
    }
}
