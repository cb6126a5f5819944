import CareGateHTTP
import CareGateTestSupport
import Foundation
import Testing

/// `POST /v1/consumers/{name}/commit`: who may commit what.
@Suite(.timeLimit(.minutes(1)))
struct CommitTests {
    @Test func aConsumerCommitsOnlyItsOwnCursor() async throws {
        let api = try APIHarness()
        let stored = try await api.storeTelemetry(3)
        let city = try await api.consumer("city", [.telemetryRead])
        _ = try await api.consumer("hospital", [.telemetryRead])
        let body = #"{"stream":"telemetry","cursor":\#(stored[1])}"#
        #expect(try await city.send("POST", "/v1/consumers/hospital/commit", body: body).status == 403)
        #expect(try await city.send("GET", "/v1/consumers/hospital").status == 403)
        #expect(try await api.admin().send("POST", "/v1/consumers/hospital/commit", body: body).status == 200)
        let hospital = try #require(try await api.admin().send("GET", "/v1/consumers/hospital").json)
        let cursor = (hospital["cursors"] as? [[String: Any]])?.first { $0["stream"] as? String == "telemetry" }
        #expect((cursor?["cursor"] as? NSNumber)?.int64Value == stored[1])
        #expect((cursor?["head"] as? NSNumber)?.int64Value == stored[2])
        await api.stop()
    }

    @Test func cursorsNeverMoveBackNorPastTheNewestRecord() async throws {
        let api = try APIHarness()
        let stored = try await api.storeTelemetry(3)
        let city = try await api.consumer("city", [.telemetryRead])
        func commit(_ cursor: Int64) async throws -> HTTPTestClient.Response {
            try await city.send("POST", "/v1/consumers/city/commit", body: #"{"stream":"telemetry","cursor":\#(cursor)}"#)
        }
        #expect(try await commit(stored[2]).status == 200)
        #expect(try await commit(stored[2]).status == 200)
        let back = try await commit(stored[0])
        #expect(back.status == 409)
        #expect((back.json?["detail"] as? String)?.contains("already at \(stored[2])") == true)
        let ahead = try await commit(stored[2] + 1000)
        #expect(ahead.status == 409)
        #expect((ahead.json?["detail"] as? String)?.contains("past the newest") == true)
        await api.stop()
    }

    @Test func aConsumerHasNoCursorInAStreamItCannotRead() async throws {
        let api = try APIHarness()
        let city = try await api.consumer("city", [.telemetryRead])
        let response = try await city.send("POST", "/v1/consumers/city/commit", body: #"{"stream":"alerts","cursor":0}"#)
        #expect(response.status == 403)
        let view = try #require(try await city.send("GET", "/v1/consumers/city").json)
        #expect((view["cursors"] as? [[String: Any]])?.map { $0["stream"] as? String } == ["telemetry"])
        await api.stop()
    }

    @Test func malformedCommitsAre400NamingTheField() async throws {
        let api = try APIHarness()
        let admin = try await api.admin()
        let cases = [
            (#"{"stream":"usage-typo","cursor":1}"#, "stream must be one of"),
            (#"{"stream":"telemetry"}"#, "missing the field cursor"),
            (#"{"stream":"telemetry","cursor":"7"}"#, "field cursor must be an integer"),
            ("not json", "not valid JSON"),
        ]
        for (body, message) in cases {
            let response = try await admin.send("POST", "/v1/consumers/operator/commit", body: body)
            #expect(response.status == 400, "\(body)")
            #expect((response.json?["detail"] as? String)?.contains(message) == true, "\(body): \(response.text)")
        }
        await api.stop()
    }
}
