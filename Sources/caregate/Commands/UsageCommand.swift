import ArgumentParser
import CareGateApp
import CareGateConsole

/// `caregate usage [--after N] [--today] [--json]`: rental usage records from the running gateway.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "List rental usage per device, contract and day (finalised records, or --today's running figures).")

    @OptionGroup var options: GatewayOptions
    @OptionGroup var connection: APIConnectionOptions
    @Option(help: "Only records with a sequence number above this.") var after: Int64 = 0
    @Flag(help: "Today's running figures instead of finalised records.") var today = false
    @Flag(help: "One JSON object per line, as the API serves them.") var json = false

    func run() async throws {
        print(try await console(options, connection).usage(after: after, today: today, json: json))
    }
}
