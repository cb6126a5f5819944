import ArgumentParser
import Foundation

/// `caregate-bench callgrind`: instructions per message on the full path, counted by valgrind's
/// callgrind, which counts the same on a busy machine as on an idle one.
///
/// The real `caregated` runs under callgrind twice, storing `--small` and then `--large` QoS 1
/// messages; start-up and shutdown are the same in both runs, so the difference in instructions
/// divided by the difference in messages is the cost of one message through the journal, decoder,
/// de-duplication, alert lanes and rules, and the bulk writer's decode and SQLite insert. The larger
/// run's profile is kept for `callgrind_annotate` (the hot functions are printed).
struct CallgrindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callgrind", abstract: "Count instructions per message with valgrind --tool=callgrind.")

    @Option(help: "Messages in the smaller run.")
    var small = 5_000

    @Option(help: "Messages in the larger run.")
    var large = 25_000

    @Option(help: "The caregated binary (default: the one built next to caregate-bench).")
    var caregated: String?

    @Option(name: .customLong("out-dir"), help: "Where the callgrind profiles and the annotated summary go.")
    var outDirectory = CareGateBench.packageDirectory + "/results/callgrind"

    @Option(help: "Functions to list from the larger run's profile.")
    var top = 40

    func run() async throws {
        let daemon = caregated ?? CareGateBench.defaultDaemon
        guard FileManager.default.isExecutableFile(atPath: daemon) else {
            throw ValidationError("no caregated at \(daemon): run `swift build -c release --product caregated` in Benchmarks/ first")
        }
        try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
        let work = "/tmp/caregate-callgrind-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let environment = BenchEnvironment(
            runDirectory: work, caregated: daemon, devicesDirectory: CareGateBench.repositoryDirectory + "/Devices",
            naiveGateway: "", fleet: BenchFleet(), messages: large, log: CareGateBench.log)

        let smallRun = try await CallgrindRun(environment: environment, messages: small, profile: outDirectory + "/callgrind.small.out").run()
        let largeRun = try await CallgrindRun(environment: environment, messages: large, profile: outDirectory + "/callgrind.large.out").run()
        let perMessage = Double(largeRun - smallRun) / Double(large - small)
        let summary = """
            callgrind, caregated release, QoS 1 native telemetry (~155 B), \(environment.fleet.deviceCount) registered devices
            \(Format.grouped(small)) messages: \(Format.grouped(smallRun)) instructions
            \(Format.grouped(large)) messages: \(Format.grouped(largeRun)) instructions
            instructions per message (difference / \(Format.grouped(large - small))): \(Format.grouped(Int(perMessage)))
            """
        let annotated = try annotate(outDirectory + "/callgrind.large.out")
        try (summary + "\n\n" + annotated).write(toFile: outDirectory + "/summary.txt", atomically: true, encoding: .utf8)
        print(summary)
        print("\nhottest functions (inclusive, larger run): \(outDirectory)/summary.txt")
        print(annotated.split(separator: "\n").prefix(top + 20).joined(separator: "\n"))
    }

    /// `callgrind_annotate --inclusive=yes` of a profile, the top functions by inclusive cost.
    private func annotate(_ profile: String) throws -> String {
        let output = outDirectory + "/annotate.txt"
        let process = try ChildProcess(
            "callgrind_annotate", ["--inclusive=yes", "--threshold=99", profile], outputPath: output)
        while process.isRunning { usleep(50_000) }
        let text = try String(contentsOfFile: output, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: output)
        return text.split(separator: "\n", omittingEmptySubsequences: false).prefix(top + 25).joined(separator: "\n")
    }
}
