import ArgumentParser
import CareGateCore
import Foundation

/// `caregate profile check FILE [--payload TOPIC PAYLOAD]`: for vendors writing a device profile.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "Work with device profiles.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a device profile and show what a sample payload decodes to.",
            discussion: "Example: caregate profile check Devices/tuya.mir-he200-ty.yaml --payload zigbee2mqtt/radar-1 '{\"presence\":true}'")

        @Argument(help: "The profile file.")
        var file: String

        @Option(name: .long, parsing: .upToNextOption, help: "A sample message: TOPIC PAYLOAD.")
        var payload: [String] = []

        @Flag(name: .long, help: "Treat the sample as a retained message.")
        var retained = false

        func validate() throws {
            if !payload.isEmpty && payload.count != 2 {
                throw ValidationError("--payload takes two values: TOPIC PAYLOAD")
            }
        }

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                print("\(file):1: cannot read the file as UTF-8 text")
                throw ExitCode.failure
            }
            let sample = payload.count == 2 ? ProfileCheck.Sample(topic: payload[0], payload: Array(payload[1].utf8), retained: retained) : nil
            let report = ProfileCheck.run(file: file, text: text, sample: sample, receivedAt: SystemClock().now())
            print(report.text, terminator: "")
            if !report.passed { throw ExitCode.failure }
        }
    }
}
