import ArgumentParser
import CareGateApp
import CareGateConsole

/// `caregate status`: the running gateway on one screen.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the running gateway: health, broker, ingest rates, open alerts, buffer, consumer lag, silent devices.")

    @OptionGroup var options: GatewayOptions
    @OptionGroup var connection: APIConnectionOptions

    func run() async throws {
        print(try await console(options, connection).status())
    }
}
