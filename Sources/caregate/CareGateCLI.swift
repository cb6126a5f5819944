import ArgumentParser

/// `caregate`: the operator's and integrator's command line for a CareGate gateway.
@main
struct CareGateCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caregate",
        abstract: "Operate a CareGate gateway: check configuration and device profiles, simulate devices, inspect the buffer.",
        subcommands: [
            AlertsCommand.self, AssetsCommand.self, CheckConfigCommand.self, ConsumersCommand.self, ProfileCommand.self, ReplayCommand.self,
            SimulateCommand.self, StatsCommand.self, StatusCommand.self, UsageCommand.self,
        ])
}
