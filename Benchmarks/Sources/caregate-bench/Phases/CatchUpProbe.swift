import Foundation

/// A platform catching up over NDJSON: `curl` streams `GET /v1/telemetry?after=0&limit=N` from a
/// running gateway with the local operator token, and the probe counts the lines that arrive and
/// the time from request to the last byte.
struct CatchUpProbe: Sendable {
    let records: Int

    func run(gateway: GatewayProcess) async throws -> CatchUpResult {
        let state = gateway.stateDirectory
        let port = try String(contentsOfFile: state + "/http.port", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let token = try String(contentsOfFile: state + "/operator.token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let output = gateway.directory + "/catch-up.ndjson"
        let url = "http://127.0.0.1:\(port)/v1/telemetry?after=0&limit=\(records)"
        let started = Clock.monotonic()
        let curl = try ChildProcess(
            "/usr/bin/curl",
            ["-sS", "--fail", "-H", "Authorization: Bearer \(token)", "-H", "Accept: application/x-ndjson", "-o", output, url])
        let status = await curl.wait(timeout: .seconds(600))
        let seconds = Double(Clock.monotonic() - started) / 1e9
        defer { try? FileManager.default.removeItem(atPath: output) }
        guard status == 0 else { throw ChildProcess.Failure(description: "curl \(url) exited with status \(status)") }
        let lines = try Data(contentsOf: URL(fileURLWithPath: output)).reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        return CatchUpResult(records: lines, seconds: seconds)
    }
}

/// Records read by a catching-up consumer and how long it took.
struct CatchUpResult: Codable, Sendable {
    var records: Int
    var seconds: Double
    var rate: Double { seconds > 0 ? Double(records) / seconds : 0 }
}
