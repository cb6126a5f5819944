/// The one table a run prints (and BENCHMARKS.md shows): every figure with its ratio to the
/// baselines measured in the same run.
extension BenchReport {
    var table: String {
        var sections = [
            "CareGate benchmark, \(startedAt), commit \(commit), \(buildMode)",
            "machine: \(machine.processors) x \(machine.cpuModel), Linux \(machine.kernel); load average before "
                + "\(loads(loadBefore)), after \(loads(loadAfter))",
        ]
        if !throughput.isEmpty { sections.append(throughputTable) }
        if let sustained {
            sections.append(
                "Sustained QoS 0 (full path): offered \(Format.rate(sustained.publishRate)) for \(Format.seconds(sustained.seconds)), "
                    + "stored \(Format.rate(sustained.sustainedRate)) meanwhile, backlog drained \(Format.seconds(sustained.drainSeconds)) after; "
                    + "CPU \(String(format: "%.2f", sustained.cpuSecondsPerMillion)) s per million, peak RSS \(Format.mib(sustained.peakRSSMiB))")
        }
        if !latency.isEmpty { sections.append(latencyTable) }
        if let startup {
            sections.append(
                "Memory: \(startup.devices) registered devices, steady state \(Format.mib(startup.steadyRSSMiB)), "
                    + "peak over the latency run \(Format.mib(startup.latencyRunPeakRSSMiB)), after a start on the month-long buffer "
                    + "\(Format.mib(startup.rssAfterStartMiB))\n"
                    + "Start: buffer of \(startup.bufferDescription) (\(Format.mib(Double(startup.bufferBytes) / 1_048_576))); "
                    + "READY=1 after \(startup.readyMillis.map { Format.number($0) + " ms" }.joined(separator: ", ")) "
                    + "(median \(Format.number(startup.medianReadyMillis)) ms)"
                    + (startup.catchUp.map {
                        "\nSync: a consumer read \($0.records) records over NDJSON in \(String(format: "%.1f", $0.seconds)) s "
                            + "(\(Format.number($0.rate)) records/s)"
                    } ?? ""))
        }
        if !bars.isEmpty {
            var rows = [["quality.md bar", "target", "measured", "verdict"]]
            rows += bars.map { [$0.bar, $0.target, $0.measured, $0.met ? "met" : "MISSED"] }
            sections.append(Format.table(rows))
        }
        if !failures.isEmpty { sections.append("FAILED phases:\n" + failures.joined(separator: "\n")) }
        return sections.joined(separator: "\n\n")
    }

    private var throughputTable: String {
        var rows = [["Throughput, \(Format.grouped(messagesPerRun)) msgs", "QoS", "msg/s", "x broker", "x naive", "lost", "CPU s/M msgs", "peak RSS", "publisher msg/s"]]
        for result in throughput.sorted(by: { ($0.qos, order($0.subscriber)) < ($1.qos, order($1.subscriber)) }) {
            let broker = brokerLimit(qos: result.qos).map { $0.rate > 0 ? Format.ratio(result.rate / $0.rate) : "-" } ?? "-"
            let naive = naive(qos: result.qos).map { $0.rate > 0 ? Format.ratio(result.rate / $0.rate) : "-" } ?? "-"
            rows.append([
                result.subscriber, String(result.qos), Format.rate(result.rate), broker, naive, Format.grouped(result.lost),
                result.cpuSecondsPerMillion.map { String(format: "%.2f", $0) } ?? "-",
                result.peakRSSMiB.map(Format.mib) ?? "-", Format.rate(result.publishRate),
            ])
        }
        return Format.table(rows)
    }

    private var latencyTable: String {
        var rows = [["Alert latency, publish -> raised on MQTT", "samples", "p50", "p90", "p99", "p99.9", "max", "missing", "load"]]
        for result in latency {
            let load = result.backgroundRate > 0 ? Format.rate(result.backgroundRate) : result.floodRate > 0 ? "1 device at " + Format.rate(result.floodRate) : "-"
            rows.append([
                result.scenario, String(result.samples), Format.millis(result.p50Micros), Format.millis(result.p90Micros),
                Format.millis(result.p99Micros), Format.millis(result.p999Micros), Format.millis(result.maxMicros), String(result.missing), load,
            ])
        }
        return Format.table(rows)
    }

    private func order(_ subscriber: String) -> Int {
        ["do-nothing subscriber", "mosquitto_sub", "naive Python gateway", "CareGate (full path)"].firstIndex(of: subscriber) ?? 9
    }

    private func loads(_ values: [Double]) -> String {
        values.map { String(format: "%.2f", $0) }.joined(separator: " / ")
    }
}
