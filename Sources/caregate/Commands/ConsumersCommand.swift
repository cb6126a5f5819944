import ArgumentParser
import CareGateApp
import CareGateConsole

/// `caregate consumers add|list|remove`: who may use the HTTP API.
struct ConsumersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consumers", abstract: "Manage the platforms and tools allowed to use the HTTP API.",
        subcommands: [Add.self, List.self, Remove.self])

    /// `caregate consumers add NAME --scopes telemetry:read,alerts:read [--required]`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a consumer and print its token (shown this once).",
            discussion: "Scopes: telemetry:read, events:read, alerts:read, alerts:write, usage:read, registry:read, registry:write, metrics, admin.")

        @OptionGroup var options: GatewayOptions
        @OptionGroup var connection: APIConnectionOptions
        @Argument(help: "Consumer name: letters, digits, '.', '_' or '-'.") var name: String
        @Option(help: "Comma-separated scopes.") var scopes: String
        @Flag(help: "Purge waits for this consumer's cursors.") var required = false

        func run() async throws {
            print(try await console(options, connection).addConsumer(name: name, scopes: scopes, required: required))
        }
    }

    /// `caregate consumers list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List consumers with their cursors and lag.")

        @OptionGroup var options: GatewayOptions
        @OptionGroup var connection: APIConnectionOptions

        func run() async throws {
            print(try await console(options, connection).consumers())
        }
    }

    /// `caregate consumers remove NAME`
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a consumer; its token stops working at once.")

        @OptionGroup var options: GatewayOptions
        @OptionGroup var connection: APIConnectionOptions
        @Argument(help: "Consumer name.") var name: String

        func run() async throws {
            print(try await console(options, connection).removeConsumer(name: name))
        }
    }
}
