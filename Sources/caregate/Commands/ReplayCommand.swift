import ArgumentParser
import CareGateApp
import CareGateCore
import Foundation

/// `caregate replay`: tune thresholds against a recorded night before changing them.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay recorded messages through the alert rules with changed settings and compare alert counts.",
        discussion: """
            Examples:
              caregate replay --hours 12 --set heart_rate.high_above=125 --set spo2.high_below=86
              caregate replay --capture night.txt --set bed_exit.standard_return_s=1800
            Record a capture with: mosquitto_sub -v -F '%U %t %p' -t 'care/#' > night.txt
            """)

    @OptionGroup var options: GatewayOptions

    @Option(name: .customLong("set"), help: "A changed setting: rule.setting=value (repeatable), e.g. heart_rate.high_above=125.")
    var changes: [String] = []

    @Option(help: "Replay only the last N hours of the buffer.")
    var hours: Double?

    @Option(help: "Replay a capture file instead of the gateway's buffer.")
    var capture: String?

    func run() throws {
        let loaded = options.resolve()
        guard loaded.problems.isEmpty else {
            for problem in loaded.problems { print(problem) }
            throw ExitCode(78)
        }
        var overrides: [String: [String: Double]] = [:]
        for change in changes {
            let parts = change.split(separator: "=", maxSplits: 1)
            let path = parts.first?.split(separator: ".", maxSplits: 1) ?? []
            guard parts.count == 2, path.count == 2, let value = Double(parts[1]) else {
                throw ValidationError("--set \(change): expected rule.setting=number")
            }
            overrides[String(path[0]), default: [:]][String(path[1])] = value
        }
        let now = SystemClock().now()
        let from = hours.map { now - EpochMillis($0 * 3_600_000) }
        let comparison = try ReplayComparison.run(
            configuration: loaded.configuration, changes: overrides, source: capture.map { .capture(path: $0) } ?? .buffer,
            from: from, to: nil)
        let calendar = SiteCalendar(identifier: loaded.configuration.timeZone) ?? SiteCalendar(timeZone: .current)
        print(comparison.table(calendar: calendar), terminator: "")
    }
}
