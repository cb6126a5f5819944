import CareGateHTTP
import CareGateTestSupport
import Foundation
import Testing

/// `Accept: application/x-ndjson`: one streamed response of everything after the cursor.
@Suite(.timeLimit(.minutes(1)))
struct NDJSONTests {
    /// Small batches, so a short stream crosses several database reads.
    static func harness() throws -> APIHarness {
        try APIHarness { $0.streamBatch = 7 }
    }

    static func lines(_ response: HTTPTestClient.Response) -> [[String: Any]] {
        response.text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func everythingAfterTheCursorArrivesInOrderOneRecordPerLine() async throws {
        let api = try Self.harness()
        let stored = try await api.storeTelemetry(50)
        let response = try await api.admin().send("GET", "/v1/telemetry?after=\(stored[9])", headers: ["Accept": "application/x-ndjson"])
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/x-ndjson")
        #expect(response.headers["transfer-encoding"] == "chunked")
        let seqs = Self.lines(response).compactMap { ($0["seq"] as? NSNumber)?.int64Value }
        #expect(seqs == Array(stored[10...]))
        #expect(response.text.hasSuffix("}\n"))
        await api.stop()
    }

    @Test func aLimitEndsTheStreamEarly() async throws {
        let api = try Self.harness()
        let stored = try await api.storeTelemetry(30)
        let response = try await api.admin().send("GET", "/v1/telemetry?limit=12", headers: ["Accept": "application/x-ndjson"])
        #expect(Self.lines(response).compactMap { ($0["seq"] as? NSNumber)?.int64Value } == Array(stored.prefix(12)))
        await api.stop()
    }

    @Test func anEmptyStreamIsAnEmptyBody() async throws {
        let api = try Self.harness()
        let response = try await api.admin().send("GET", "/v1/alerts/log", headers: ["Accept": "application/x-ndjson"])
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        await api.stop()
    }

    @Test func aConsumerThatHangsUpMidStreamLeavesTheServerServing() async throws {
        let api = try Self.harness()
        try await api.storeTelemetry(2000)
        let stream = try await api.admin().open("GET", "/v1/telemetry", headers: ["Accept": "application/x-ndjson"])
        #expect(try await stream.nextLine() != nil)
        stream.close()
        let again = try await api.admin().send("GET", "/v1/telemetry?limit=3", headers: ["Accept": "application/x-ndjson"])
        #expect(Self.lines(again).count == 3)
        await api.stop()
    }

    @Test func jsonPagesAreTheDefaultRepresentation() async throws {
        let api = try Self.harness()
        try await api.storeTelemetry(3)
        let response = try await api.admin().send("GET", "/v1/telemetry", headers: ["Accept": "application/json"])
        #expect(response.headers["content-type"] == "application/json")
        #expect((response.json?["records"] as? [Any])?.count == 3)
        await api.stop()
    }
}
