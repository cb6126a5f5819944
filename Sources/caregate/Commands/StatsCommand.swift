import ArgumentParser
import CareGateApp
import CareGateCore
import Foundation

/// `caregate stats`: what the buffer holds and what ingest counted, from the state directory.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print stored, quarantined (by reason), duplicate and ignored message counts from the buffer.")

    @OptionGroup var options: GatewayOptions

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @Flag(name: .long, help: "Print one line (for a live view).")
    var brief = false

    func run() throws {
        let loaded = options.resolve()
        let stats = try BufferStatistics.read(stateDirectory: loaded.configuration.stateDirectory)
        let calendar = SiteCalendar(identifier: loaded.configuration.timeZone) ?? SiteCalendar(timeZone: .current)
        print(json ? stats.json : brief ? stats.briefLine(at: SystemClock().now(), calendar: calendar) : stats.text)
    }
}
