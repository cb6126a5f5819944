import CareGateHTTP
import CareGateTestSupport
import Foundation
import Testing

/// JSON pages after a cursor, and cursors committed between them.
@Suite(.timeLimit(.minutes(1)))
struct PagingTests {
    @Test func pagesWalkTheStreamInSequenceOrder() async throws {
        let api = try APIHarness()
        let stored = try await api.storeTelemetry(25)
        let client = try await api.consumer("city", [.telemetryRead])
        var after: Int64 = 0
        var seen: [Int64] = []
        var pages = 0
        while true {
            let page = try #require(try await client.send("GET", "/v1/telemetry?after=\(after)&limit=10").json)
            let records = try #require(page["records"] as? [[String: Any]])
            seen += records.compactMap { ($0["seq"] as? NSNumber)?.int64Value }
            after = try #require((page["next"] as? NSNumber)?.int64Value)
            pages += 1
            guard page["more"] as? Bool == true else { break }
        }
        #expect(seen == stored)
        #expect(pages == 3)
        #expect(after == stored.last)
        await api.stop()
    }

    @Test func aRecordCarriesItsSeqDeviceFieldsAndProps() async throws {
        let api = try APIHarness()
        let stored = try await api.storeTelemetry(1)
        let page = try #require(try await api.admin().send("GET", "/v1/telemetry?after=0").json)
        let record = try #require((page["records"] as? [[String: Any]])?.first)
        #expect((record["seq"] as? NSNumber)?.int64Value == stored[0])
        #expect(record["deviceId"] as? String == "fr-0")
        #expect(record["kind"] as? String == "fall-radar")
        #expect(record["role"] as? String == "telemetry")
        #expect(record["deviceSeq"] as? Int == 0)
        #expect(record["stamped"] as? Bool == false)
        let props = try #require(record["props"] as? [String: Any])
        #expect(props["presence"] as? Bool == true)
        #expect(props["heart_rate"] as? Int == 60)
        await api.stop()
    }

    @Test func withoutAfterReadingStartsAtTheCommittedCursor() async throws {
        let api = try APIHarness()
        let stored = try await api.storeTelemetry(6)
        let client = try await api.consumer("city", [.telemetryRead])
        let commit = try await client.send("POST", "/v1/consumers/city/commit", body: #"{"stream":"telemetry","cursor":\#(stored[3])}"#)
        #expect(commit.status == 200)
        #expect((commit.json?["cursor"] as? NSNumber)?.int64Value == stored[3])
        let page = try #require(try await client.send("GET", "/v1/telemetry").json)
        let seqs = (page["records"] as? [[String: Any]])?.compactMap { ($0["seq"] as? NSNumber)?.int64Value }
        #expect(seqs == Array(stored[4...]))
        await api.stop()
    }

    @Test func anEmptyPageKeepsTheCursor() async throws {
        let api = try APIHarness()
        let page = try #require(try await api.admin().send("GET", "/v1/events?after=77").json)
        #expect((page["records"] as? [Any])?.isEmpty == true)
        #expect(page["next"] as? Int == 77)
        #expect(page["more"] as? Bool == false)
        await api.stop()
    }

    @Test func eventsAndTelemetryShareTheSequenceWithGaps() async throws {
        let api = try APIHarness()
        let telemetry = try await api.storeTelemetry(4, eventEvery: 2)
        let events = try #require(try await api.admin().send("GET", "/v1/events?after=0").json?["records"] as? [[String: Any]])
        let eventSeqs = events.compactMap { ($0["seq"] as? NSNumber)?.int64Value }
        #expect(events.map { $0["type"] as? String } == ["fall", "fall"])
        #expect(Set(eventSeqs).isDisjoint(with: telemetry))
        #expect(eventSeqs == eventSeqs.sorted())
        await api.stop()
    }

    @Test func badParametersAre400NamingTheParameter() async throws {
        let api = try APIHarness()
        let admin = try await api.admin()
        for query in ["after=-1", "after=abc", "limit=0", "limit=10001"] {
            let response = try await admin.send("GET", "/v1/telemetry?\(query)")
            #expect(response.status == 400, "\(query)")
            let name = String(query.prefix { $0 != "=" })
            #expect((response.json?["detail"] as? String)?.contains(name) == true)
        }
        await api.stop()
    }
}
