import CareGateCore
import CareGateHTTP
import CareGateStorage
import CareGateTestSupport
import Foundation
import Testing

/// The rental endpoints: usage records and asset events as sync streams (pages and NDJSON, scope
/// `usage:read`), and asset events recorded with `registry:write`, refused with problem documents
/// when the body does not fit.
@Suite(.timeLimit(.minutes(1)))
struct UsageEndpointTests {
    static let calendar = SiteCalendar(identifier: "Asia/Shanghai")!

    /// Stores one finalised record per device for `day` through the writer's and finaliser's own
    /// paths; returns their sequence numbers.
    static func finalise(_ api: APIHarness, devices: [String], day: Int64) throws -> [Int64] {
        var flush = UsageFlush()
        for (index, device) in devices.enumerated() {
            var delta = UsageDelta(assetTag: "AT-\(device)", kind: .wheelchair)
            delta.figures.inUseMillis = Int64(index + 1) * 1_500
            delta.figures.distanceMillimetres = 2_250
            delta.figures.sessions = 1
            delta.figures.lastSeen = calendar.startOfDay(day) + 1_000
            flush.deltas[UsageKey(deviceId: device, contract: "RC-\(index)", day: day)] = delta
        }
        var batch = BufferBatch(through: JournalPosition(segment: 1, offset: 64))
        batch.streamStates = [:]
        batch.usage = flush
        try api.buffer.write(batch, sequence: api.sequence)
        let before = api.sequence.current
        try api.buffer.finaliseUsage(through: day, calendar: calendar, sequence: api.sequence, at: api.clock.now())
        return Array((before + 1)...api.sequence.current)
    }

    @Test func usageRecordsArePagedAndStreamedWithTheirFigures() async throws {
        let api = try APIHarness()
        let stored = try Self.finalise(api, devices: ["wc-1", "wc-2", "wc-3"], day: 20_157)
        let rental = try await api.consumer("rental", [.usageRead])

        let first = try #require(try await rental.send("GET", "/v1/usage?after=0&limit=2").json)
        let records = try #require(first["records"] as? [[String: Any]])
        #expect(records.compactMap { ($0["seq"] as? NSNumber)?.int64Value } == Array(stored.prefix(2)))
        #expect(first["more"] as? Bool == true)
        let record = try #require(records.first)
        #expect(record["deviceId"] as? String == "wc-1")
        #expect(record["contract"] as? String == "RC-0")
        #expect(record["assetTag"] as? String == "AT-wc-1")
        #expect(record["date"] as? String == "2025-03-10")
        #expect(record["inUseSeconds"] as? Double == 1.5)
        #expect(record["distanceMetres"] as? Double == 2.25)
        #expect(record["revision"] as? Int == 1)

        let ndjson = try await rental.send("GET", "/v1/usage?after=\(stored[0])", headers: ["Accept": "application/x-ndjson"])
        let lines = ndjson.text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.compactMap { ($0["seq"] as? NSNumber)?.int64Value } == Array(stored.dropFirst()))

        let commit = try await rental.send("POST", "/v1/consumers/rental/commit", body: #"{"stream":"usage","cursor":\#(stored[1])}"#)
        #expect(commit.status == 200)
        let resumed = try #require(try await rental.send("GET", "/v1/usage").json?["records"] as? [[String: Any]])
        #expect(resumed.compactMap { ($0["seq"] as? NSNumber)?.int64Value } == [stored[2]])

        let platform = try await api.consumer("platform", [.telemetryRead, .eventsRead, .alertsRead])
        #expect(try await platform.send("GET", "/v1/usage?after=0").status == 403)
        #expect(try await api.client(nil).send("GET", "/v1/usage?after=0").status == 401)
        await api.stop()
    }

    @Test func anAssetEventIsStoredWithWhoAndWhenAndServedInItsStream() async throws {
        let api = try APIHarness()
        let registrar = try await api.consumer("desk", [.registryWrite])
        let created = try await registrar.send(
            "POST", "/v1/assets/AT-WC-1/events", body: #"{"type":"assigned","by":"n-17","contract":"RC-7","at":1795312700000}"#)
        #expect(created.status == 201)
        let event = try #require(created.json)
        #expect(event["type"] as? String == "assigned")
        #expect(event["by"] as? String == "n-17")
        #expect(event["recordedBy"] as? String == "desk")
        #expect((event["at"] as? NSNumber)?.int64Value == 1_795_312_700_000)
        #expect((event["recordedAt"] as? NSNumber)?.int64Value == api.clock.now())
        let seq = try #require((event["seq"] as? NSNumber)?.int64Value)
        let disinfected = try await registrar.send("POST", "/v1/assets/AT-WC-1/events", body: #"{"type":"disinfected","by":"n-3"}"#)
        #expect((disinfected.json?["at"] as? NSNumber)?.int64Value == api.clock.now())

        let rental = try await api.consumer("rental", [.usageRead])
        let page = try #require(try await rental.send("GET", "/v1/assets/events?after=0").json?["records"] as? [[String: Any]])
        #expect(page.compactMap { $0["type"] as? String } == ["assigned", "disinfected"])
        #expect((page.first?["seq"] as? NSNumber)?.int64Value == seq)
        #expect(try await rental.send("POST", "/v1/assets/AT-WC-1/events", body: #"{"type":"returned","by":"n-1"}"#).status == 403)
        let audit = try api.control.auditTrail(limit: 5)
        #expect(audit.contains { $0.action == "asset.assigned" && $0.actor == "desk" && $0.subject == "AT-WC-1" })
        await api.stop()
    }

    @Test func badAssetEventsAreProblemsThatSayWhatIsWrong() async throws {
        let api = try APIHarness()
        let registrar = try await api.consumer("desk", [.registryWrite])
        func problem(_ path: String, _ body: String) async throws -> (Int, String) {
            let response = try await registrar.send("POST", path, body: body)
            #expect(response.headers["content-type"] == "application/problem+json")
            return (response.status, response.json?["detail"] as? String ?? "")
        }
        let unknown = try await problem("/v1/assets/AT-1/events", #"{"type":"stolen","by":"n-1"}"#)
        #expect(unknown.0 == 400 && unknown.1.contains("assigned, returned, disinfected"))
        let noContract = try await problem("/v1/assets/AT-1/events", #"{"type":"assigned","by":"n-1"}"#)
        #expect(noContract.0 == 400 && noContract.1.contains("contract"))
        let noStaff = try await problem("/v1/assets/AT-1/events", #"{"type":"returned","by":""}"#)
        #expect(noStaff.0 == 400 && noStaff.1.contains("staff"))
        let missingBy = try await problem("/v1/assets/AT-1/events", #"{"type":"returned"}"#)
        #expect(missingBy.0 == 400 && missingBy.1.contains("by"))
        let future = try await problem("/v1/assets/AT-1/events", #"{"type":"returned","by":"n-1","at":\#(api.clock.now() + 3_600_000)}"#)
        #expect(future.0 == 400 && future.1.contains("future"))
        let badTag = try await problem("/v1/assets/AT%201/events", #"{"type":"returned","by":"n-1"}"#)
        #expect(badTag.0 == 400 && badTag.1.contains("asset tag"))
        #expect(try api.control.auditTrail(limit: 10).allSatisfy { !$0.action.hasPrefix("asset.") })
        await api.stop()
    }

    @Test func todaysRunningFiguresHaveNoSequenceYet() async throws {
        let api = try APIHarness()
        var flush = UsageFlush()
        var delta = UsageDelta(assetTag: nil, kind: .careBed)
        delta.figures.inUseMillis = 720_000
        let today = Self.calendar.dayNumber(api.clock.now())
        flush.deltas[UsageKey(deviceId: "bed-1", contract: "", day: today)] = delta
        var batch = BufferBatch(through: JournalPosition(segment: 1, offset: 64))
        batch.streamStates = [:]
        batch.usage = flush
        try api.buffer.write(batch, sequence: api.sequence)
        let rental = try await api.consumer("rental", [.usageRead])
        let records = try #require(try await rental.send("GET", "/v1/usage/today").json?["records"] as? [[String: Any]])
        #expect(records.count == 1)
        #expect(records.first?["seq"] is NSNull && records.first?["contract"] is NSNull)
        #expect(records.first?["inUseSeconds"] as? Double == 720)
        let finalised = try await rental.send("GET", "/v1/usage?after=0").json?["records"] as? [Any]
        #expect(finalised?.isEmpty == true)
        await api.stop()
    }
}
