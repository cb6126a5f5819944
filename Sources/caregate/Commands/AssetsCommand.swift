import ArgumentParser
import CareGateApp
import CareGateConsole
import CareGateCore

/// `caregate assets event TAG TYPE --by STAFF`: the lifecycle of rented equipment.
struct AssetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assets", abstract: "Record what happens to rented equipment (audited by the running gateway).",
        subcommands: [Event.self])

    /// `caregate assets event TAG assigned|returned|disinfected|maintenance --by STAFF [--contract C] [--note N] [--at MS]`
    struct Event: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an asset event: assigned (needs --contract), returned, disinfected or maintenance.",
            discussion: """
                assigned sets the rental contract of the device carrying the tag, so its usage from then on counts under \
                that contract; returned clears it. Needs a token with registry:write (the local operator token has it).
                """)

        @OptionGroup var options: GatewayOptions
        @OptionGroup var connection: APIConnectionOptions
        @Argument(help: "The asset tag (the device's assetTag).") var tag: String
        @Argument(help: "assigned, returned, disinfected or maintenance.") var type: String
        @Option(help: "Staff id of the person who did it.") var by: String
        @Option(help: "The rental contract (required for assigned).") var contract: String?
        @Option(help: "A note for the record.") var note: String?
        @Option(help: "When it happened, ms since the epoch (default now).") var at: Int64?

        func validate() throws {
            guard AssetEventType(rawValue: type) != nil else {
                throw ValidationError("unknown event '\(type)' (one of \(AssetEventType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }

        func run() async throws {
            print(try await console(options, connection).assetEvent(tag: tag, type: type, by: by, contract: contract, note: note, at: at))
        }
    }
}
