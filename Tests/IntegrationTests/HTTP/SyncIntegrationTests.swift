import CareGateTestSupport
import Foundation
import GRDB
import Testing

/// A platform pulling from the real daemon: pages, NDJSON, a crash without commit, and a resume
/// from the committed cursor that ends with every record exactly once after de-duplication.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SyncIntegrationTests {
    /// Publishes `count` telemetry messages from three devices and waits until all are stored;
    /// returns the stored rows' sequence numbers, from the database itself.
    static func ingest(_ site: TestSite, count: Int) async throws -> [Int64] {
        for index in 0..<count {
            try site.telemetry("fall-radar", "fr-\(index % 3)", seq: Int64(index / 3 + 1), #""presence":true,"motion":"still""#)
        }
        _ = try await site.waitForStored("\(count) readings") { $0.telemetry >= count }
        return try site.query("buffer.sqlite", "SELECT gseq FROM telemetry ORDER BY gseq").map { $0["gseq"] }
    }

    @Test func aConsumerThatCrashesMidPageResumesFromItsCommittedCursorAndMissesNothing() async throws {
        let site = try await TestSite.start(config: TestSite.consumersConfig)
        let stored = try await Self.ingest(site, count: 240)
        let platform = try site.api(TestSite.platformToken)
        var received: [Int64] = []

        // First run: two pages processed and committed, the third received, then a crash.
        var after: Int64 = 0
        for page in 1...3 {
            let response = try await platform.send("GET", "/v1/telemetry?after=\(after)&limit=50")
            #expect(response.status == 200)
            received += response.pageSeqs
            after = try #require(response.pageSeqs.last)
            if page < 3 {
                let commit = try await platform.send("POST", "/v1/consumers/platform/commit", body: #"{"stream":"telemetry","cursor":\#(after)}"#)
                #expect(commit.status == 200)
            }
        }

        // Restart: the consumer asks where it was, and carries on from there.
        let me = try #require(try await platform.send("GET", "/v1/consumers/platform").json)
        let cursor = try #require(((me["cursors"] as? [[String: Any]])?.first { $0["stream"] as? String == "telemetry" }?["cursor"] as? NSNumber)?.int64Value)
        #expect(cursor == stored[99])
        after = cursor
        while true {
            let response = try await platform.send("GET", "/v1/telemetry?after=\(after)&limit=50")
            received += response.pageSeqs
            after = response.pageSeqs.last ?? after
            _ = try await platform.send("POST", "/v1/consumers/platform/commit", body: #"{"stream":"telemetry","cursor":\#(after)}"#)
            guard response.json?["more"] as? Bool == true else { break }
        }
        #expect(received.count == stored.count + 50)
        #expect(Array(Set(received)).sorted() == stored)
        let lag = try #require(try await platform.send("GET", "/v1/consumers/platform").json?["cursors"] as? [[String: Any]])
        #expect(lag.first { $0["stream"] as? String == "telemetry" }?["pendingSince"] == nil)
        await site.shutdown()
    }

    @Test func ndjsonStreamsEverythingAndAStreamCutShortResumesFromTheCommit() async throws {
        let site = try await TestSite.start(config: TestSite.consumersConfig)
        let stored = try await Self.ingest(site, count: 300)
        let platform = try site.api(TestSite.platformToken)

        let everything = try await platform.send("GET", "/v1/telemetry?after=0", headers: ["Accept": "application/x-ndjson"])
        #expect(everything.headers["content-type"] == "application/x-ndjson")
        let lines = everything.text.split(separator: "\n")
        let seqs = lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["seq"] as? NSNumber
        }.map(\.int64Value)
        #expect(seqs == stored)

        // A consumer reads 120 lines, commits the 100th, and dies.
        let stream = try await platform.open("GET", "/v1/telemetry?after=0", headers: ["Accept": "application/x-ndjson"])
        var firstRun: [Int64] = []
        while firstRun.count < 120, let line = try await stream.nextLine() {
            let seq = try #require((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["seq"] as? NSNumber)
            firstRun.append(seq.int64Value)
        }
        _ = try await platform.send("POST", "/v1/consumers/platform/commit", body: #"{"stream":"telemetry","cursor":\#(firstRun[99])}"#)
        stream.close()

        // Without `after`, the stream continues from the committed cursor.
        let resumed = try await platform.send("GET", "/v1/telemetry", headers: ["Accept": "application/x-ndjson"])
        let secondRun = resumed.text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["seq"] as? NSNumber
        }.map(\.int64Value)
        #expect(secondRun.first == stored[100])
        #expect(Array(Set(firstRun + secondRun)).sorted() == stored)
        #expect(firstRun.count + secondRun.count == stored.count + 20)
        await site.shutdown()
    }

    @Test func noTokenIs401AndAMissingScopeIs403() async throws {
        let site = try await TestSite.start(config: TestSite.consumersConfig)
        let anonymous = try await site.api(nil).send("GET", "/v1/telemetry")
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect(anonymous.headers["content-type"] == "application/problem+json")
        let telemetryOnly = try site.api(TestSite.telemetryOnlyToken)
        #expect(try await telemetryOnly.send("GET", "/v1/telemetry").status == 200)
        let refused = try await telemetryOnly.send("GET", "/v1/alerts")
        #expect(refused.status == 403)
        #expect((refused.json?["detail"] as? String)?.contains("alerts:read") == true)
        #expect(try await site.api("cgt_wrong").send("GET", "/v1/telemetry").status == 401)
        await site.shutdown()
    }
}
