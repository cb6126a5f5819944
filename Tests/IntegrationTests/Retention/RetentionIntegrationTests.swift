import CareGateTestSupport
import Foundation
import Testing

/// Retention in the real daemon against a real broker: a pass every second, purges that wait for
/// the required consumer, and a tiny telemetry budget that drops the oldest readings, counts them
/// and raises the `budget_purge` notice.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct RetentionIntegrationTests {
    /// `count` readings from three fall radars; waits until the writer has stored them all
    /// (counted, since purge may already have removed some rows).
    static func ingest(_ site: TestSite, count: Int) async throws {
        for index in 0..<count {
            try site.telemetry("fall-radar", "fr-\(index % 3)", seq: Int64(index / 3 + 1), #""presence":true,"motion":"still""#)
        }
        _ = try await site.waitForStored("\(count) readings written") { $0.counters["stored.telemetry"] ?? 0 >= Int64(count) }
    }

    func telemetrySeqs(_ site: TestSite) throws -> [Int64] {
        try site.query("buffer.sqlite", "SELECT gseq FROM telemetry ORDER BY gseq").map { $0["gseq"] }
    }

    @Test func agedTelemetryStaysUntilTheRequiredConsumerCommitsIt() async throws {
        let site = try await TestSite.start(config: TestSite.consumersConfig + """
            retention:
              interval_s: 1
              telemetry: { max_age: 1s }

            """)
        try await Self.ingest(site, count: 120)
        let stored = try telemetrySeqs(site)
        try #require(stored.count == 120)

        // Several passes after every reading is past its age: the required consumer has committed
        // nothing, so nothing goes; the passes did run (the readings are rolled up).
        try await Task.sleep(for: .seconds(4))
        try #require(try telemetrySeqs(site) == stored)
        let rolledUp = try site.query("buffer.sqlite", "SELECT value FROM retention_state WHERE name = 'rolled_up'").first?["value"] as Int64?
        #expect(rolledUp == stored.last)
        let rollups = try site.query("buffer.sqlite", "SELECT count(*) AS n FROM rollups").first?["n"] as Int?
        #expect(rollups == 0, "presence and motion are not numeric")

        // The consumer commits half: that half goes at the next pass, the rest stays.
        let platform = try site.api(TestSite.platformToken)
        let commit = try await platform.send("POST", "/v1/consumers/platform/commit", body: #"{"stream":"telemetry","cursor":\#(stored[59])}"#)
        #expect(commit.status == 200)
        try await TestSite.eventually(timeout: .seconds(20), "the committed half to be purged") {
            try telemetrySeqs(site).count == 60
        }
        #expect(try telemetrySeqs(site) == Array(stored[60...]))
        #expect(try site.stored().counters["retention.telemetry.age"] == 60)
        let page = try await platform.send("GET", "/v1/telemetry?after=\(stored[59])&limit=500")
        #expect(page.pageSeqs == Array(stored[60...]))
        await site.shutdown()
    }

    @Test func aTinyBudgetDropsTheOldestTelemetryCountsItAndRaisesTheNotice() async throws {
        let site = try await TestSite.start(config: TestSite.consumersConfig + """
            retention:
              interval_s: 1
              telemetry: { max_mib: 0.03 }

            """)
        let count = 1500
        try await Self.ingest(site, count: count)
        let operatorAPI = try site.operatorAPI()
        var notice: [String: Any]?
        try await TestSite.eventually(timeout: .seconds(20), "the budget_purge notice") {
            let notices = try await operatorAPI.send("GET", "/v1/notices").json?["notices"] as? [[String: Any]]
            notice = notices?.first { $0["kind"] as? String == "budget_purge" }
            return notice != nil
        }
        #expect(notice?["subject"] as? String == "telemetry")

        // Wait for a pass after the last reading, then account for every reading: kept or dropped.
        try await TestSite.eventually(timeout: .seconds(20), "a pass over everything written") {
            let rolledUp = try site.query("buffer.sqlite", "SELECT value FROM retention_state WHERE name = 'rolled_up'").first?["value"] as Int64?
            let last = try site.query("buffer.sqlite", "SELECT max(gseq) AS m FROM telemetry").first?["m"] as Int64?
            return rolledUp != nil && rolledUp == last
        }
        // Passes keep running every second: take the figures between two of them, when the rows,
        // the stored counter, the API and /metrics all describe the same state.
        var kept: [Int64] = []
        var dropped: Int64 = 0
        var served: [Int64] = []
        var exported: Int64 = -1
        try await TestSite.eventually(timeout: .seconds(30), "a consistent view between two retention passes") {
            let before = try telemetrySeqs(site)
            dropped = try site.stored().counters["retention.telemetry.budget_forced"] ?? 0
            served = try await site.api(TestSite.platformToken).send("GET", "/v1/telemetry?after=0&limit=\(count)").pageSeqs
            let metrics = try await site.api(nil).send("GET", "/metrics").text
            let line = metrics.split(separator: "\n").first { $0.hasPrefix("caregate_records_dropped_total") && $0.contains(#"reason="budget_forced""#) }
            exported = line.flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int64($0) } ?? -1
            kept = try telemetrySeqs(site)
            return before == kept && served == kept && exported == dropped
        }
        #expect(kept.count < count / 2)
        #expect(Int64(kept.count) + dropped == Int64(count))
        #expect(served == kept)
        #expect(exported == dropped)
        let newest = try site.query("buffer.sqlite", "SELECT device_id, seq FROM telemetry ORDER BY gseq DESC LIMIT 1").first
        #expect(newest?["device_id"] as String? == "fr-2" && newest?["seq"] as Int64? == Int64(count / 3), "the newest reading is kept")
        await site.shutdown()
    }
}
