import CareGateTestSupport
import Foundation
import Testing

extension ResilienceSuite {
    /// schemathesis (PyPI) generates requests from docs/openapi.yaml and checks the real daemon's
    /// answers against it: no 5xx, responses that match their schemas. scripts/resilience.sh
    /// installs it in a virtual environment and names it in `CAREGATE_SCHEMATHESIS`.
    @Suite(.serialized, .timeLimit(.minutes(15)))
    struct Schemathesis {
        @Test func openAPIContract() async throws {
            let caseName = "security: schemathesis vs docs/openapi.yaml"
            guard let tool = Resilience.environment["CAREGATE_SCHEMATHESIS"], FileManager.default.isExecutableFile(atPath: tool) else {
                Resilience.record(.init(
                    caseName: caseName, trials: 0, recoveredIn: "-", status: .notRun,
                    notes: "not run: schemathesis unavailable (CAREGATE_SCHEMATHESIS not set or not executable)"))
                return
            }
            let site = try await ResilienceSite.start()
            let token = try String(contentsOfFile: site.daemon.stateDirectory + "/operator.token", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let port = try #require(site.daemon.httpPort)
            let examples = Resilience.setting("CAREGATE_RESILIENCE_SCHEMATHESIS_EXAMPLES", default: 25)
            let report = site.directory.file("schemathesis.txt")
            let (status, output) = try await ChildProcess.run(
                tool,
                ["run", Binaries.repositoryRoot + "/docs/openapi.yaml", "--url", "http://127.0.0.1:\(port)",
                 "--header", "Authorization: Bearer \(token)", "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance",
                 "--max-examples", String(examples), "--no-color", "--workers", "1", "--request-timeout", "10",
                 // Server-sent events never end by themselves; the SSE route has its own tests.
                 "--exclude-path", "/v1/alerts/stream"],
                environment: ["HOME": site.directory.path, "PATH": "/usr/bin:/bin", "SCHEMATHESIS_HOOKS": ""],
                timeout: .seconds(600))
            try? output.write(toFile: report, atomically: true, encoding: .utf8)
            let daemonAlive = site.daemon.isRunning
            let summary = output.split(separator: "\n").suffix(12).joined(separator: " | ")
            // "1216 generated, 1216 passed": the requests it made.
            let generated = output.split(separator: "\n").lazy.compactMap { line -> Int? in
                guard let range = line.range(of: " generated") else { return nil }
                return Int(line[..<range.lowerBound].split(separator: " ").last ?? "")
            }.first
            Resilience.record(.init(
                caseName: caseName, trials: generated ?? examples, recoveredIn: "-", status: status == 0 && daemonAlive ? .pass : .fail,
                notes: "exit \(status), daemon alive \(daemonAlive); \(summary.prefix(1500))",
                details: ["output_tail": String(output.suffix(6000))]))
            #expect(status == 0 && daemonAlive, "\(output.suffix(4000))")
            await site.shutdown()
        }
    }
}
