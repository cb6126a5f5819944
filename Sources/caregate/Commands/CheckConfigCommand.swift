import ArgumentParser
import CareGateApp

/// `caregate check-config FILE`: every problem as `FILE:LINE: reason`, exit 1 if there is any.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a gateway configuration file and the profiles, registry seed and files it refers to.")

    @Argument(help: "The configuration file, e.g. /etc/caregate/caregate.yaml.")
    var file: String

    func run() throws {
        let check = ConfigurationCheck.run(GatewayConfiguration.load(path: file), file: file)
        for problem in check.problems { print(problem) }
        if check.passed {
            print("\(check.summary): OK")
        } else {
            print("\(check.problems.count) problem\(check.problems.count == 1 ? "" : "s") found")
            throw ExitCode.failure
        }
    }
}
