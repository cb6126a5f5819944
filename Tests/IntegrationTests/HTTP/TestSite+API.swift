import CareGateTestSupport
import Foundation

/// The daemon's HTTP API, as platforms and the CLI reach it.
extension TestSite {
    /// A consumer declared in the configuration file the way a site's IT staff would: the token
    /// stays with the platform, the file holds its SHA-256 (`printf %s TOKEN | sha256sum`).
    static let platformToken = "cgt_platform-under-test"
    static let telemetryOnlyToken = "cgt_telemetry-only"
    static let consumersConfig = """
        consumers:
          - name: platform
            scopes: [telemetry:read, events:read, alerts:read, alerts:write]
            token_sha256: c451e01c113c68c2e3055f41e3b387d001949782d73c7ce71c89d51a55fe27f1
            required: true
          - name: telemetry-only
            scopes: [telemetry:read]
            token_sha256: 7a4503426d84d2ed4efc814eebecffdcd5c0821d6ad05a7ee3a662db07d56a10

        """

    /// The port the daemon bound (it runs with `--http 127.0.0.1:0`); READY=1 implies it.
    func apiPort() throws -> Int {
        guard let port = daemon.httpPort else { throw ChildProcess.Failure(description: "no http.port after READY=1\n\(daemon.output)") }
        return port
    }

    /// A client with `token` (nil: anonymous).
    func api(_ token: String?) throws -> HTTPTestClient {
        HTTPTestClient(port: try apiPort(), token: token)
    }

    /// A client with the local operator's token from `<state_dir>/operator.token`.
    func operatorAPI() throws -> HTTPTestClient {
        let token = try String(contentsOfFile: daemon.stateDirectory + "/operator.token", encoding: .utf8)
        return try api(token.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Checks `condition` every 50 ms until it holds, or throws after `timeout`.
    static func eventually(timeout: Duration, _ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw ChildProcess.Failure(description: "timed out after \(timeout) waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Runs the built `caregate` against this site's state directory; returns its exit status
    /// and output.
    func cli(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let output = directory.file("caregate-\(UUID().uuidString.prefix(6)).out")
        let process = try ChildProcess(
            Binaries.cli, arguments + ["--state-dir", daemon.stateDirectory, "--site", Self.site], outputPath: output)
        let status = await process.wait(timeout: .seconds(30))
        return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }
}

extension HTTPTestClient.Response {
    /// The `seq` of every record of a JSON page.
    var pageSeqs: [Int64] {
        ((json?["records"] as? [[String: Any]]) ?? []).compactMap { ($0["seq"] as? NSNumber)?.int64Value }
    }
}
