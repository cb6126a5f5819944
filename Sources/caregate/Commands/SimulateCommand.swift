import ArgumentParser
import CareGateApp
import CareGateCore
import CareGateMQTT
import CareGateSimulation
import Foundation
import Logging

/// `caregate simulate`: realistic device traffic for a site, in native and vendor formats, with
/// scripted scenarios; deterministic with `--seed`.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Publish simulated device traffic and scenarios to the broker.",
        discussion: """
            Examples:
              caregate simulate --broker mqtt://127.0.0.1:1883 --site home-1 --duration 10m --scenario "30s fall" --scenario "1m apnea"
              caregate simulate --count 100000 --per-model 20 --rate-scale 100 --summary-json sent.json
              caregate simulate --write-registry devices.yaml --count 0
            Scenarios: \(ScenarioKind.allCases.map(\.rawValue).joined(separator: ", ")). A scenario is "OFFSET NAME [TARGET] [key=value ...]".
            """)

    @OptionGroup var options: GatewayOptions

    @Option(help: "Seed: the same seed gives the same devices and the same messages.")
    var seed: UInt64 = 1

    @Option(help: "Devices per model, e.g. fall-radar=4,tuya=2 (default: a small floor with every model).")
    var devices: String?

    @Option(name: .customLong("per-model"), help: "The same number of devices of every model.")
    var perModel: Int?

    @Option(help: "How long to simulate: 90s, 10m, 2h (default 10m unless --count).")
    var duration: String?

    @Option(help: "Publish exactly this many messages as fast as the broker takes them.")
    var count: Int?

    @Option(name: .customLong("rate-scale"), help: "Multiply every device's reporting rate.")
    var rateScale: Double = 1

    @Option(help: "Share of malformed messages (every quarantine reason in turn).")
    var malformed: Double = 0.02

    @Option(help: "Share of deliberate re-sends of earlier messages (same seq and ts).")
    var duplicates: Double = 0.01

    @Option(help: "QoS of telemetry messages (events and state always use 1).")
    var qos: UInt8 = 1

    @Option(name: .customLong("scenario"), help: "A scenario: \"OFFSET NAME [TARGET] [key=value ...]\" (repeatable).")
    var scenarios: [String] = []

    @Option(name: .customLong("scenario-file"), help: "A file of scenario lines.")
    var scenarioFile: String?

    @Option(help: "Site-local time of day the simulation starts at (HH:MM, e.g. 02:55 for a night); default now.")
    var start: String?

    @Flag(help: "Publish as fast as possible instead of in real time (the default with --count).")
    var fast = false

    @Option(name: .customLong("write-registry"), help: "Write the simulated fleet as a registry seed file.")
    var writeRegistry: String?

    @Option(name: .customLong("summary-json"), help: "Write what was sent as JSON.")
    var summaryJSON: String?

    @Flag(help: "Print every message as it is sent.")
    var verbose = false

    func run() async throws {
        let loaded = options.resolve()
        guard loaded.problems.isEmpty else {
            for problem in loaded.problems { print(problem) }
            throw ExitCode(78)
        }
        let configuration = loaded.configuration
        LoggingSystem.bootstrapLogfmt(level: "warning")
        let plan = try SimulationSetup(
            site: configuration.site, timeZone: configuration.timeZone, seed: seed, devices: devices, perModel: perModel,
            duration: duration, count: count, rateScale: rateScale, malformed: malformed, duplicates: duplicates, qos: qos,
            scenarios: scenarios, scenarioFile: scenarioFile, start: start,
            limits: DecodeLimits(maxPayloadBytes: configuration.ingest.maxPayloadBytes, maxDepth: configuration.ingest.maxJSONDepth))
        if let writeRegistry {
            try plan.fleet.registrySeedYAML().write(toFile: writeRegistry, atomically: true, encoding: .utf8)
            print("registry seed for \(plan.fleet.devices.count) devices written to \(writeRegistry)")
        }
        if count == 0 { return }
        let runner = SimulationRunner(
            broker: try BrokerURL(parsing: configuration.broker.url), clientId: "caregate-simulate-\(getpid())",
            realtime: !(fast || count != nil), username: configuration.broker.username, password: configuration.broker.password)
        let verbose = self.verbose
        let summary = try await runner.run(try plan.stream(), logger: Logger(label: "simulate")) { message, summary in
            if verbose {
                print("\(SimulationSetup.clockText(message.offset))  \(message.topic)  \(String(decoding: message.payload.prefix(160), as: UTF8.self))  [\(message.expected)]")
            } else if summary.total % 10_000 == 0 {
                print("sent \(summary.total)")
            }
        }
        print(summary.description)
        if let summaryJSON {
            try SimulationSetup.json(summary).write(toFile: summaryJSON, atomically: true, encoding: .utf8)
        }
    }
}
