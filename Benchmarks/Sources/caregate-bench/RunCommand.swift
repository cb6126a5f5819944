import ArgumentParser
import Foundation

/// `caregate-bench run` (the default): every phase in one run, one table, one JSON file.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the benchmark phases and print the table (the default command).")

    @Option(help: "Messages per throughput run.")
    var messages = 500_000

    @Option(help: "Falls per latency scenario.")
    var samples = 1_000

    @Option(name: .customLong("catch-up-records"), help: "Telemetry records a consumer reads over NDJSON from the month-long buffer.")
    var catchUpRecords = 1_000_000

    @Option(name: .customLong("fall-spacing-ms"), help: "Mean time between two sampled falls (uniformly 0.5-1.5 x).")
    var fallSpacingMillis = 50

    @Option(name: .customLong("sustain-rate"), help: "Offered QoS 0 rate for the sustained run (the bar is 100k).")
    var sustainRate = 100_000.0

    @Option(name: .customLong("sustain-seconds"), help: "Length of the sustained run (the bar is 60 s).")
    var sustainSeconds = 60.0

    @Option(name: .customLong("background-rate"), help: "Background telemetry for the latency run; default half the measured QoS 0 maximum.")
    var backgroundRate: Double?

    @Option(name: .customLong("flood-rate"), help: "The flooding watch's rate (100 x the fastest shipped model's 1 Hz is 100).")
    var floodRate = 1_000.0

    @Option(name: .customLong("rows-per-device-day"), help: "Buffered telemetry rows per device and day for the start measurement.")
    var rowsPerDeviceDay = 144

    @Option(help: "Timed starts on the month-long buffer.")
    var starts = 3

    @Option(help: "Phases to run: baselines, caregate, sustained, latency, startup (startup needs latency).")
    var phases = "baselines,caregate,sustained,latency,startup"

    @Option(help: "The caregated binary (default: the one built next to caregate-bench).")
    var caregated: String?

    @Option(help: "Where to write the JSON results.")
    var output = CareGateBench.packageDirectory + "/results/latest.json"

    @Option(name: .customLong("work-dir"), help: "Scratch directory for brokers and state (default: a new one under /tmp).")
    var workDirectory: String?

    @Flag(help: "Keep the scratch directory (databases, logs) after the run.")
    var keep = false

    func run() async throws {
        let selected = Set(phases.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let fleet = BenchFleet()
        guard 3 * samples + LatencyPhase.warmUpSamples <= fleet.callButtons else {
            throw ValidationError("--samples: at most \((fleet.callButtons - LatencyPhase.warmUpSamples) / 3) (one new resident per fall)")
        }
        let daemon = caregated ?? CareGateBench.defaultDaemon
        guard FileManager.default.isExecutableFile(atPath: daemon) else {
            throw ValidationError("no caregated at \(daemon): run `swift build -c release --product caregated` in Benchmarks/ first")
        }
        let work = workDirectory ?? "/tmp/caregate-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let environment = BenchEnvironment(
            runDirectory: work, caregated: daemon, devicesDirectory: CareGateBench.repositoryDirectory + "/Devices",
            naiveGateway: CareGateBench.packageDirectory + "/baseline/naive_gateway.py", fleet: fleet, messages: messages,
            log: CareGateBench.log)
        var report = BenchReport(
            startedAt: ISO8601DateFormatter().string(from: Date()), commit: CareGateBench.commit(),
            command: CommandLine.arguments.joined(separator: " "), machine: .current(), loadBefore: MachineInfo.loadAverage(),
            messagesPerRun: messages)

        await measure(selected, environment: environment, into: &report)

        report.loadAfter = MachineInfo.loadAverage()
        report.judge()
        try report.write(to: output)
        print(report.table)
        print("\nresults written to \(output)")
        if !keep { try? FileManager.default.removeItem(atPath: work) }
    }

    /// Runs the selected phases in order. A phase that fails is recorded and the run goes on, so
    /// one broken phase does not throw away ten minutes of measurements.
    private func measure(_ selected: Set<String>, environment: BenchEnvironment, into report: inout BenchReport) async {
        let log = CareGateBench.log
        func phase<Value>(_ name: String, _ body: () async throws -> Value) async -> Value? {
            log(name)
            do {
                return try await body()
            } catch {
                log("  failed: \(error)")
                report.failures.append("\(name): \(error)")
                return nil
            }
        }
        if selected.contains("baselines") {
            let baselines = BaselinePhases(environment: environment)
            for qos: Int32 in [0, 1] {
                let results = [
                    await phase("broker limit, do-nothing subscriber, QoS \(qos)") { try await baselines.doNothingSubscriber(qos: qos) },
                    await phase("broker limit, mosquitto_sub, QoS \(qos)") { try await baselines.mosquittoSub(qos: qos) },
                    await phase("naive Python gateway, QoS \(qos)") { try await baselines.naiveGateway(qos: qos) },
                ]
                report.throughput += results.compactMap { $0 }
            }
        }
        let ingest = GatewayIngestPhases(environment: environment)
        if selected.contains("caregate") {
            for qos: Int32 in [0, 1] {
                if let result = await phase("CareGate full path, QoS \(qos), flat out", { try await ingest.flatOut(qos: qos) }) {
                    report.throughput.append(result)
                }
            }
        }
        if selected.contains("sustained") {
            report.sustained = await phase("CareGate full path, QoS 0, \(Int(sustainRate)) msg/s offered for \(Int(sustainSeconds)) s") {
                try await ingest.sustained(rate: sustainRate, seconds: sustainSeconds)
            }
        }
        guard selected.contains("latency") else { return }
        let maximum = report.caregate(qos: 0)?.rate
        let background = backgroundRate ?? (maximum.map { $0 / 2 } ?? 25_000)
        let phaseName = "alert latency: idle, background \(Int(background)) msg/s, one watch at \(Int(floodRate)) msg/s"
        guard let latency = await phase(phaseName, {
            try await LatencyPhase(
                environment: environment, samples: samples, spacing: .milliseconds(fallSpacingMillis), backgroundRate: background,
                floodRate: floodRate
            ).run()
        }) else { return }
        report.latency = latency.scenarios
        guard selected.contains("startup") else { return }
        let month = MonthOfData(
            devices: environment.fleet.deviceCount, wearables: environment.fleet.wearables, rowsPerDevicePerDay: rowsPerDeviceDay)
        report.startup = await phase("time to READY=1 with a month of buffered data") {
            try await StartupPhase(environment: environment, month: month, starts: starts, catchUpRecords: catchUpRecords)
                .run(gatewayDirectory: latency.gatewayDirectory, latency: latency)
        }
    }
}
