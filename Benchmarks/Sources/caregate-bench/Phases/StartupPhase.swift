/// Time to READY=1 with a month of buffered data: the latency phase's gateway (5,000 devices
/// registered, its alerts and stream state in place) is filled with `MonthOfData` and started
/// `starts` times; the median is reported. The file was just written, so its pages are likely in
/// the page cache: this is a warm start, as after a service restart, not a cold boot. After the
/// first start, a platform catches up over NDJSON on that buffer (`CatchUpProbe`).
struct StartupPhase: Sendable {
    let environment: BenchEnvironment
    let month: MonthOfData
    let starts: Int
    /// Records the NDJSON catch-up reads from the month-long buffer (after the first timed start).
    let catchUpRecords: Int

    func run(gatewayDirectory: String, latency: LatencyPhase.Outcome) async throws -> StartupResult {
        let buffer = gatewayDirectory + "/state/buffer.sqlite"
        environment.log("  filling \(buffer): \(month.description)")
        let bytes = try month.fill(buffer: buffer, log: environment.log)
        return try await environment.withBroker("startup") { broker in
            var ready: [Double] = []
            var rss = 0.0
            var catchUp: CatchUpResult?
            for _ in 0..<starts {
                let gateway = try await GatewayProcess(
                    binary: environment.caregated, directory: gatewayDirectory, broker: broker, fleet: environment.fleet,
                    devicesDirectory: environment.devicesDirectory, clientId: "caregate-bench")
                ready.append(Double(gateway.startupNanos) / 1e6)
                try await Task.sleep(for: .seconds(1))
                rss = gateway.stats.map { BenchEnvironment.mebibytes($0.rss) } ?? 0
                if catchUp == nil {
                    environment.log("  catching up over NDJSON: \(catchUpRecords) records")
                    catchUp = try await CatchUpProbe(records: catchUpRecords).run(gateway: gateway)
                }
                await gateway.stop()
            }
            return StartupResult(
                devices: environment.fleet.deviceCount, steadyRSSMiB: latency.steadyRSSMiB, latencyRunPeakRSSMiB: latency.peakRSSMiB,
                bufferRows: month.rows, bufferBytes: bytes, bufferDescription: month.description, readyMillis: ready,
                rssAfterStartMiB: rss, catchUp: catchUp)
        }
    }
}
