import ArgumentParser
import CareGateApp
import CareGateConsole
import CareGateCore

extension AlertsCommand {
    /// `caregate alerts list [--open]`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List alerts from the running gateway, newest first.")

        @OptionGroup var options: GatewayOptions
        @OptionGroup var connection: APIConnectionOptions

        @Flag(help: "Only alerts that are still open.")
        var open = false

        func run() async throws {
            print(try await console(options, connection).alerts(openOnly: open))
        }
    }

    /// `caregate alerts ack ID --by STAFF [--note TEXT]`
    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Acknowledge an alert: someone is on it.")

        @OptionGroup var options: GatewayOptions
        @OptionGroup var connection: APIConnectionOptions
        @Argument(help: "The alert id (the last column of alerts list / tail).") var id: String
        @Option(help: "Staff id of the person acknowledging.") var by: String
        @Option(help: "A note for the record.") var note: String?

        func run() async throws {
            print(try await console(options, connection).acknowledge(alertId: id, by: by, note: note))
        }
    }

    /// `caregate alerts resolve ID --by STAFF [--note TEXT]`
    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resolve an alert: it is dealt with.")

        @OptionGroup var options: GatewayOptions
        @OptionGroup var connection: APIConnectionOptions
        @Argument(help: "The alert id.") var id: String
        @Option(help: "Staff id of the person resolving.") var by: String
        @Option(help: "What was done.") var note: String?

        func run() async throws {
            print(try await console(options, connection).resolve(alertId: id, by: by, note: note))
        }
    }
}

/// The console for the gateway the options describe; API failures print their sentence and
/// exit 1.
func console(_ options: GatewayOptions, _ connection: APIConnectionOptions) throws -> OperatorConsole {
    let configuration = options.resolve().configuration
    return OperatorConsole(
        client: try connection.client(options),
        calendar: SiteCalendar(identifier: configuration.timeZone) ?? SiteCalendar(timeZone: .current))
}
