import Foundation

/// Alert latency in three scenarios on one gateway with the whole fleet registered: idle, with
/// background telemetry at half the gateway's measured maximum, and with one watch flooding.
/// Memory at steady state is read between the idle and the loaded scenarios.
struct LatencyPhase: Sendable {
    struct Outcome: Sendable {
        var scenarios: [LatencyResult]
        var steadyRSSMiB: Double
        var peakRSSMiB: Double
        /// The state this gateway left, which the startup phase fills with a month of data.
        var gatewayDirectory: String
    }

    /// Falls sent before measuring, so first-use work is not in the samples.
    static let warmUpSamples = 50

    let environment: BenchEnvironment
    let samples: Int
    /// Mean time between two falls. Each fall is a raise and an acknowledgement, two durable
    /// commits and four publishes: at 100 falls/s the probe itself would be an alert storm and
    /// measure queueing behind its own alerts, not the latency of an alert amid telemetry.
    let spacing: Duration
    let backgroundRate: Double
    let floodRate: Double

    func run() async throws -> Outcome {
        let directory = environment.runDirectory + "/latency"
        return try await environment.withBroker("latency") { broker in
            let gateway = try await GatewayProcess(
                binary: environment.caregated, directory: directory, broker: broker, fleet: environment.fleet,
                devicesDirectory: environment.devicesDirectory, clientId: "caregate-bench")
            let probe = try AlertLatencyProbe(fleet: environment.fleet, port: broker.port)
            defer { probe.disconnect() }

            // Every watch reports once and a few falls go through before anything is measured,
            // so first-message work (stream state, statements, pages) is not in the samples.
            _ = try await LoadPublisher(port: broker.port, clientId: "bench-warmup")
                .run(.init(topics: environment.telemetryTopics, count: environment.fleet.wearables, rate: 5_000, qos: 1))
            _ = try await probe.measure("warm-up", samples: Self.warmUpSamples)

            var scenarios = [try await probe.measure("idle", samples: samples, spacing: spacing)]
            try await Task.sleep(for: .seconds(1))
            let steady = gateway.stats

            var background = try await probe.measure(
                "background telemetry at half the maximum", samples: samples, spacing: spacing,
                during: .init(topics: environment.telemetryTopics, count: Int.max, rate: backgroundRate, qos: 0), port: broker.port)
            background.backgroundRate = backgroundRate
            scenarios.append(background)

            var flood = try await probe.measure(
                "one watch flooding", samples: samples, spacing: spacing,
                during: .init(topics: [environment.fleet.telemetryTopic(wearable: 0)], count: Int.max, rate: floodRate, qos: 0),
                port: broker.port)
            flood.floodRate = floodRate
            scenarios.append(flood)

            let peak = gateway.stats
            await gateway.stop()
            return Outcome(
                scenarios: scenarios, steadyRSSMiB: steady.map { BenchEnvironment.mebibytes($0.rss) } ?? 0,
                peakRSSMiB: peak.map { BenchEnvironment.mebibytes($0.peakRSS) } ?? 0, gatewayDirectory: directory)
        }
    }
}

extension AlertLatencyProbe {
    /// Measures while a publisher runs `load` in the background (started 2 s before the first
    /// sample so the gateway is in its loaded steady state, stopped after the last answer).
    func measure(
        _ scenario: String, samples: Int, spacing: Duration, during load: LoadPublisher.Plan, port: Int
    ) async throws -> LatencyResult {
        let stop = StopFlag()
        let publisher = Task { try await LoadPublisher(port: port, clientId: "bench-background").run(load, stop: stop) }
        try await Task.sleep(for: .seconds(2))
        let result: LatencyResult
        do {
            result = try await measure(scenario, samples: samples, spacing: spacing)
        } catch {
            stop.set()
            _ = try? await publisher.value
            throw error
        }
        stop.set()
        _ = try await publisher.value
        return result
    }
}
