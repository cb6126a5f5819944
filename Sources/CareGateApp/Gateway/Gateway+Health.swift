import CareGateCore

extension Gateway {
    /// Why the gateway is not healthy, or nothing when it is: a stuck alert lane, a broker
    /// connection that is down, storage that cannot write. Drives the systemd watchdog (pinged
    /// only while the alert core makes progress) and `/health`.
    func healthProblems() -> [String] {
        var problems: [String] = []
        let stalled = engine.stalledLanes(threshold: Self.laneStallThreshold)
        if !stalled.isEmpty { problems.append("alert lanes \(stalled.map(String.init).joined(separator: ",")) made no progress for \(Self.laneStallThreshold / 1000) s") }
        if !mqtt.isReady { problems.append("not connected and subscribed to the broker (\(mqtt.state))") }
        return problems
    }

    /// Liveness for the watchdog: the alert core is making progress. A broker outage is not a
    /// reason to restart the gateway (it reconnects by itself), a stuck lane is.
    var isAlive: Bool { engine.stalledLanes(threshold: Self.laneStallThreshold).isEmpty }

    /// A lane with queued work and no progress for this long is stuck.
    static let laneStallThreshold: EpochMillis = 10_000
}
