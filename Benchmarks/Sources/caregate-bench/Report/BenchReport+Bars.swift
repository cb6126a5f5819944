/// quality.md's performance bars, judged on one run's figures.
extension BenchReport {
    mutating func judge() {
        bars = []
        if let gateway = caregate(qos: 1), let limit = brokerLimit(qos: 1), limit.rate > 0 {
            let ratio = gateway.rate / limit.rate
            bars.append(BarVerdict(
                bar: "ingest QoS 1, full path", target: ">= 0.9 x do-nothing subscriber",
                measured: "\(Format.rate(gateway.rate)) = \(Format.ratio(ratio)) x \(Format.rate(limit.rate)); lost \(gateway.lost)",
                met: ratio >= 0.9 && gateway.lost == 0))
        }
        if let sustained {
            let keptUp = sustained.drainSeconds < 1
            bars.append(BarVerdict(
                bar: "ingest QoS 0, full path, sustained", target: ">= 100k msg/s for 60 s",
                measured: "\(Format.rate(sustained.sustainedRate)) stored over \(Format.seconds(sustained.seconds)) "
                    + "(offered \(Format.rate(sustained.publishRate))); backlog drained \(Format.seconds(sustained.drainSeconds)) after",
                met: sustained.sustainedRate >= 100_000 && sustained.seconds >= 59 && keptUp))
        }
        if let background = latency.first(where: { $0.backgroundRate > 0 }) {
            bars.append(BarVerdict(
                bar: "alert latency under half-maximum telemetry", target: "p99 <= 5 ms, p99.9 <= 20 ms",
                measured: "p99 \(Format.millis(background.p99Micros)), p99.9 \(Format.millis(background.p999Micros)), missing \(background.missing)",
                met: background.p99Micros <= 5_000 && background.p999Micros <= 20_000 && background.missing == 0))
        }
        if let idle = latency.first(where: { $0.scenario == "idle" }), let flood = latency.first(where: { $0.floodRate > 0 }) {
            // "Unchanged" on a noisy shared machine: within 2x of idle (or 1 ms), and inside the 5 ms bar.
            let allowance = max(idle.p99Micros * 2, idle.p99Micros + 1_000)
            bars.append(BarVerdict(
                bar: "alert latency, one device flooding", target: "others unchanged (p99 <= max(2 x idle, idle + 1 ms) and <= 5 ms)",
                measured: "p99 \(Format.millis(flood.p99Micros)) vs idle \(Format.millis(idle.p99Micros)); missing \(flood.missing)",
                met: flood.p99Micros <= allowance && flood.p99Micros <= 5_000 && flood.missing == 0))
        }
        if let startup {
            bars.append(BarVerdict(
                bar: "memory, \(startup.devices) registered devices, steady state", target: "RSS <= 64 MiB",
                measured: "\(Format.mib(startup.steadyRSSMiB)) (peak under load \(Format.mib(startup.latencyRunPeakRSSMiB)))",
                met: startup.steadyRSSMiB <= 64))
            bars.append(BarVerdict(
                bar: "start with 30 days of buffered data", target: "READY=1 <= 1 s",
                measured: "median \(Format.number(startup.medianReadyMillis)) ms of \(startup.readyMillis.map { Format.number($0) }.joined(separator: ", ")) ms",
                met: startup.medianReadyMillis <= 1_000))
            if let catchUp = startup.catchUp {
                bars.append(BarVerdict(
                    bar: "sync: catch-up over NDJSON", target: ">= 100k records/s",
                    measured: "\(Format.number(catchUp.rate))/s (\(catchUp.records) records in \(String(format: "%.1f", catchUp.seconds)) s)",
                    met: catchUp.rate >= 100_000))
            }
        }
    }
}
