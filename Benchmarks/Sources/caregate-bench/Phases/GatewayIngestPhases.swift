import Foundation

/// CareGate's full path under load: the real `caregated` release binary decoding, validating,
/// running the rules and storing durably. A message counts once it is committed to buffer.sqlite.
struct GatewayIngestPhases: Sendable {
    let environment: BenchEnvironment

    /// `messages` flat out at `qos`: rate from the first publish until the last row is stored, CPU
    /// seconds per million messages, and the peak resident memory.
    func flatOut(qos: Int32) async throws -> ThroughputResult {
        try await environment.withBroker("caregate-qos\(qos)") { broker in
            let gateway = try await start(broker, name: "caregate-qos\(qos)")
            let probe = try BufferProbe(path: gateway.buffer)
            let before = gateway.stats
            let sent = try await LoadPublisher(port: broker.port, clientId: "bench-load")
                .run(.init(topics: environment.telemetryTopics, count: environment.messages, rate: nil, qos: qos))
            let stored = try await BenchEnvironment.waitForCount(expected: sent.sent) { try probe.stored() }
            let after = gateway.stats
            await gateway.stop()
            return ThroughputResult(
                subscriber: "CareGate (full path)", qos: Int(qos), published: sent.sent, delivered: stored.count,
                seconds: Double(stored.at - sent.startedWall) / 1e9, publishRate: Double(sent.sent) / sent.seconds,
                cpuSecondsPerMillion: Self.cpuPerMillion(before, after, messages: stored.count),
                peakRSSMiB: after.map { BenchEnvironment.mebibytes($0.peakRSS) })
        }
    }

    /// The QoS 0 bar: offers `rate` messages per second for `seconds` and reports what was stored
    /// while the publisher ran, then how long the rest took to drain.
    func sustained(rate: Double, seconds: Double) async throws -> SustainedResult {
        try await environment.withBroker("caregate-sustained") { broker in
            let gateway = try await start(broker, name: "caregate-sustained")
            let probe = try BufferProbe(path: gateway.buffer)
            let before = gateway.stats
            let count = Int(rate * seconds)
            let sent = try await LoadPublisher(port: broker.port, clientId: "bench-load")
                .run(.init(topics: environment.telemetryTopics, count: count, rate: rate, qos: 0))
            // The window is the publisher's own span: if it could not hold the pace, the offered
            // rate was lower and the result says so through `publishRate`.
            let storedInWindow = try probe.stored()
            let drained = try await BenchEnvironment.waitForCount(expected: sent.sent) { try probe.stored() }
            let after = gateway.stats
            await gateway.stop()
            return SustainedResult(
                targetRate: rate, seconds: sent.seconds, published: sent.sent, storedInWindow: storedInWindow,
                drainSeconds: max(0, Double(Int64(drained.at) - Int64(sent.finishedWall)) / 1e9),
                cpuSecondsPerMillion: Self.cpuPerMillion(before, after, messages: drained.count) ?? 0,
                peakRSSMiB: after.map { BenchEnvironment.mebibytes($0.peakRSS) } ?? 0)
        }
    }

    private func start(_ broker: BenchBroker, name: String) async throws -> GatewayProcess {
        try await GatewayProcess(
            binary: environment.caregated, directory: environment.runDirectory + "/" + name, broker: broker, fleet: environment.fleet,
            devicesDirectory: environment.devicesDirectory, clientId: "caregate-bench")
    }

    static func cpuPerMillion(_ before: ProcessStats?, _ after: ProcessStats?, messages: Int) -> Double? {
        guard let before, let after, messages > 0 else { return nil }
        return (after.cpuSeconds - before.cpuSeconds) / Double(messages) * 1e6
    }
}
