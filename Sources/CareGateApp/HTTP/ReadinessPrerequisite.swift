/// A service the gateway waits for before it tells systemd READY=1: "ready" then means the
/// broker subscription is up *and* the API answers, so anything started after the daemon (the
/// CLI, a platform's first pull, a test) finds the port bound.
public protocol ReadinessPrerequisite: Sendable {
    /// Returns once the service serves, or when the calling task is cancelled.
    func waitUntilServing() async
}
