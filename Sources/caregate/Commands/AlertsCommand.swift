import ArgumentParser
import CareGateApp
import CareGateCore
import Foundation

/// `caregate alerts ...`: what night staff and the nurse station use.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts", abstract: "Watch and handle alerts.", subcommands: [Tail.self, List.self, Ack.self, Resolve.self])

    /// `caregate alerts tail [-f] [--min-severity S] [--json]`
    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the latest alert transitions from the alert log; -f keeps following it.")

        @OptionGroup var options: GatewayOptions

        @Flag(name: [.short, .customLong("follow")], help: "Keep printing new transitions as they happen.")
        var follow = false

        @Option(name: [.customShort("n"), .customLong("lines")], help: "How many recent transitions to show first.")
        var lines = 20

        @Option(name: .customLong("min-severity"), help: "Only show transitions of this severity or higher: low, medium, high.")
        var minSeverity: String = "low"

        @Flag(help: "Print the raw JSON lines.")
        var json = false

        func run() async throws {
            let configuration = options.resolve().configuration
            guard let threshold = AlertSeverity(rawValue: minSeverity) else {
                throw ValidationError("--min-severity must be low, medium or high")
            }
            let format = AlertLineFormat(
                calendar: SiteCalendar(identifier: configuration.timeZone) ?? SiteCalendar(timeZone: .current),
                color: !json && isatty(STDOUT_FILENO) == 1)
            let json = self.json
            let show: (AlertTransition) -> Void = { transition in
                guard transition.severity >= threshold else { return }
                print(json ? transition.jsonLine : format.line(transition))
                fflush(nil)
            }
            let follower = AlertLogFollower(path: configuration.alertLog)
            for transition in follower.last(lines) { show(transition) }
            if follow { await follower.follow(show) }
        }
    }
}
