import ArgumentParser
import Foundation

/// `caregate-bench`: CareGate's benchmark instrument (see BENCHMARKS.md).
@main
struct CareGateBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caregate-bench",
        abstract: "Measure CareGate against the broker's limit and a naive gateway, in one run on one machine.",
        subcommands: [RunCommand.self, ProfileCommand.self], defaultSubcommand: RunCommand.self)

    /// This package's directory (Benchmarks/), from this file's path in the checkout.
    static var packageDirectory: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    static var repositoryDirectory: String { (packageDirectory as NSString).deletingLastPathComponent }

    /// The `caregated` built next to this binary (`swift build -c release --product caregated`).
    static var defaultDaemon: String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return ((me as NSString).deletingLastPathComponent as NSString).appendingPathComponent("caregated")
    }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `git rev-parse --short HEAD`, with `-dirty` when the work tree has changes.
    static func commit() -> String {
        func git(_ arguments: [String]) -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = ["-C", repositoryDirectory] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return "" }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let head = git(["rev-parse", "--short", "HEAD"])
        return git(["status", "--porcelain", "--untracked-files=no"]).isEmpty ? head : head + "-dirty"
    }
}
