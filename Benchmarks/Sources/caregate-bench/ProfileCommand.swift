import ArgumentParser
import Foundation

/// `caregate-bench profile`: where the full path spends its CPU.
///
/// `--tool perf` (the default) samples the real `caregated` with `perf record -e cpu-clock -g`
/// while it stores `--messages` QoS 1 messages, and prints the hottest functions. `--tool
/// callgrind` runs it under `valgrind --tool=callgrind` twice (`--small`, then `--messages`);
/// start-up and shutdown are the same in both, so the difference in instructions over the
/// difference in messages is the instruction cost of one message, steady on a busy machine.
/// valgrind 3.19 (Debian 12) crashes inside libdispatch on Swift 6.3 binaries that use async
/// main, so on such a machine only the perf profile is available (see BENCHMARKS.md).
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "Profile caregated on the full path (perf samples or callgrind instruction counts).")

    enum Tool: String, ExpressibleByArgument, CaseIterable {
        case perf
        case callgrind
    }

    @Option(help: "perf or callgrind.")
    var tool = Tool.perf

    @Option(help: "QoS 1 messages stored in the (larger) run.")
    var messages = 200_000

    @Option(help: "Messages in callgrind's smaller run.")
    var small = 5_000

    @Option(help: "The caregated binary (default: the one built next to caregate-bench).")
    var caregated: String?

    @Option(name: .customLong("out-dir"), help: "Where profiles and the summary go.")
    var outDirectory = CareGateBench.packageDirectory + "/results/profile"

    @Option(help: "Functions to list.")
    var top = 40

    func run() async throws {
        let daemon = caregated ?? CareGateBench.defaultDaemon
        guard FileManager.default.isExecutableFile(atPath: daemon) else {
            throw ValidationError("no caregated at \(daemon): run `swift build -c release --product caregated` in Benchmarks/ first")
        }
        try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
        let work = "/tmp/caregate-profile-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let environment = BenchEnvironment(
            runDirectory: work, caregated: daemon, devicesDirectory: CareGateBench.repositoryDirectory + "/Devices",
            naiveGateway: "", fleet: BenchFleet(), messages: messages, log: CareGateBench.log)
        let summary = switch tool {
        case .perf: try await perf(environment)
        case .callgrind: try await callgrind(environment)
        }
        try summary.write(toFile: outDirectory + "/summary-\(tool.rawValue).txt", atomically: true, encoding: .utf8)
        print(summary)
    }

    private func perf(_ environment: BenchEnvironment) async throws -> String {
        let data = outDirectory + "/perf.data"
        try await ProfiledRun(
            profiler: ["perf", "record", "-e", "cpu-clock", "-F", "499", "-g", "-o", data], environment: environment,
            messages: messages, name: "perf").run()
        let report = "perf report -i '\(data)' --stdio -g none --sort symbol --percent-limit 0.5"
        let inclusive = try capture("sh", ["-c", report + " --children | swift demangle --simplified"])
        let flat = try capture("sh", ["-c", report + " --no-children | swift demangle --simplified"])
        return """
            perf record -e cpu-clock (sampled CPU time), caregated release, \(Format.grouped(messages)) QoS 1 native telemetry messages \
            (~155 B) stored, \(environment.fleet.deviceCount) registered devices

            Inclusive (children) time, user-space frames:
            \(Self.body(inclusive, lines: top, userOnly: true))

            Self time:
            \(Self.body(flat, lines: top, userOnly: false))
            """
    }

    private func callgrind(_ environment: BenchEnvironment) async throws -> String {
        var totals: [Int] = []
        for count in [small, messages] {
            let profile = outDirectory + "/callgrind.\(count).out"
            try await ProfiledRun(
                profiler: ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + profile], environment: environment,
                messages: count, name: "callgrind-\(count)").run()
            totals.append(try Self.totalInstructions(profile))
        }
        let perMessage = Double(totals[1] - totals[0]) / Double(messages - small)
        let annotated = try capture("callgrind_annotate", ["--inclusive=yes", outDirectory + "/callgrind.\(messages).out"])
        return """
            callgrind, caregated release, QoS 1 native telemetry (~155 B), \(environment.fleet.deviceCount) registered devices
            \(Format.grouped(small)) messages: \(Format.grouped(totals[0])) instructions
            \(Format.grouped(messages)) messages: \(Format.grouped(totals[1])) instructions
            instructions per message: \(Format.grouped(Int(perMessage)))

            \(Self.body(annotated, lines: top + 20))
            """
    }

    /// Runs a tool to completion and returns what it printed.
    private func capture(_ tool: String, _ arguments: [String]) throws -> String {
        let output = outDirectory + "/.\(tool).txt"
        let process = try ChildProcess(tool, arguments, outputPath: output)
        while process.isRunning { usleep(50_000) }
        defer { try? FileManager.default.removeItem(atPath: output) }
        return try String(contentsOfFile: output, encoding: .utf8)
    }

    /// The first `lines` lines that are neither comments nor blank, trailing padding cut; with
    /// `userOnly`, kernel frames, thunks and unsymbolized addresses are left out.
    private static func body(_ text: String, lines: Int, userOnly: Bool = false) -> String {
        text.split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .filter { line in
                !userOnly || !(line.contains("[k]") || line.contains("thunk") || line.contains("partial apply") || line.contains("] 0x"))
            }
            .map { String($0.prefix(200)).replacingOccurrences(of: #"(\s+-)*\s*$"#, with: "", options: .regularExpression) }
            .prefix(lines).joined(separator: "\n")
    }

    /// The `totals:` (or `summary:`) line of a callgrind profile.
    private static func totalInstructions(_ profile: String) throws -> Int {
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        for line in text.split(separator: "\n") where line.hasPrefix("totals:") || line.hasPrefix("summary:") {
            if let value = line.split(separator: " ").last.flatMap({ Int($0) }) { return value }
        }
        throw ChildProcess.Failure(description: "no totals in \(profile)")
    }
}
