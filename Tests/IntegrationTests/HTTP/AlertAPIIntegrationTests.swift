import CareGateCore
import CareGateTestSupport
import Foundation
import Testing

/// Alerts through the API of the real daemon: the SSE stream sees a live raise, acknowledgement
/// and resolution through the API land in the alert log, and the CLI does the same.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct AlertAPIIntegrationTests {
    @Test func sseSeesTheRaiseAndApiActionsReachTheAlertLog() async throws {
        let site = try await TestSite.start(config: TestSite.consumersConfig)
        let platform = try site.api(TestSite.platformToken)
        let stream = try await platform.open("GET", "/v1/alerts/stream")
        #expect(stream.status == 200)
        #expect(try await stream.nextLine() == "retry: 3000")
        // The stream subscribes before it answers, so an alert raised now is seen live.
        try site.event("call-button", "cb-1", seq: 1, "sos")
        let event = try await Self.nextEvent(stream)
        #expect(event.name == "transition")
        let raised = try #require(try JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any])
        #expect(raised["transition"] as? String == "raised")
        #expect(raised["rule"] as? String == "sos")
        let id = try #require(raised["alertId"] as? String)
        #expect((raised["seq"] as? NSNumber)?.int64Value == event.id)

        let open = try #require(try await platform.send("GET", "/v1/alerts?state=open").json?["alerts"] as? [[String: Any]])
        #expect(open.map { $0["id"] as? String } == [id])

        let ack = try await platform.send("POST", "/v1/alerts/\(id)/ack", body: #"{"by":"nurse-7","note":"on my way"}"#)
        #expect(ack.status == 200)
        #expect(ack.json?["transition"] as? String == "acknowledged")
        #expect(try await platform.send("POST", "/v1/alerts/\(id)/ack", body: #"{"by":"nurse-8"}"#).status == 409)
        let resolved = try await platform.send("POST", "/v1/alerts/\(id)/resolve", body: #"{"by":"nurse-7","note":"pressed by mistake"}"#)
        #expect(resolved.status == 200)
        #expect(try await platform.send("POST", "/v1/alerts/\(id)/resolve", body: #"{"by":"nurse-7"}"#).status == 409)

        let logged = try await site.waitForAlert("resolution in the alert log") { $0.alertId == id && $0.transition == .resolved }
        #expect(logged.by == "nurse-7")
        let acknowledged = try #require(site.alerts().first { $0.alertId == id && $0.transition == .acknowledged })
        #expect(acknowledged.by == "nurse-7")
        #expect(acknowledged.details["note"] == .text("on my way"))

        // The API's log is the same log, in order; the SSE stream saw every step.
        let log = try await platform.send("GET", "/v1/alerts/log?after=0")
        #expect(log.pageSeqs == site.alerts().map(\.seq))
        var streamed = [event]
        while !streamed.contains(where: { $0.data.contains(#""transition":"resolved""#) }) {
            streamed.append(try await Self.nextEvent(stream))
        }
        #expect(streamed.map(\.id) == streamed.map(\.id).sorted())
        stream.close()

        let detail = try #require(try await platform.send("GET", "/v1/alerts/\(id)").json)
        let evidence = try #require((detail["alert"] as? [String: Any])?["evidence"] as? [String: Any])
        #expect(evidence["acknowledgedBy"] as? String == "nurse-7")
        #expect(evidence["resolvedBy"] as? String == "nurse-7")
        #expect((detail["transitions"] as? [Any])?.count == site.alerts().filter { $0.alertId == id }.count)
        await site.shutdown()
    }

    @Test func theCLIListsAcknowledgesAndResolvesWithTheOperatorToken() async throws {
        let site = try await TestSite.start()
        try site.event("call-button", "cb-2", seq: 1, "sos")
        let raised = try await site.waitForAlert("sos raised") { $0.rule == "sos" && $0.transition == .raised }

        let list = try await site.cli(["alerts", "list", "--open"])
        #expect(list.status == 0, "\(list.output)")
        #expect(list.output.contains(raised.alertId))
        #expect(list.output.contains("HIGH"))

        let ack = try await site.cli(["alerts", "ack", raised.alertId, "--by", "nurse-3", "--note", "with resident"])
        #expect(ack.status == 0, "\(ack.output)")
        #expect(ack.output.contains("ACKNOWLEDGED"))
        let again = try await site.cli(["alerts", "ack", raised.alertId, "--by", "nurse-3"])
        #expect(again.status != 0)
        #expect(again.output.contains("already acknowledged"))

        let resolve = try await site.cli(["alerts", "resolve", raised.alertId, "--by", "nurse-3"])
        #expect(resolve.status == 0, "\(resolve.output)")
        try await site.waitForAlert("resolved by the CLI") { $0.alertId == raised.alertId && $0.transition == .resolved && $0.by == "nurse-3" }
        #expect(try await site.cli(["alerts", "list", "--open"]).output.contains("no open alerts"))
        await site.shutdown()
    }

    @Test func theCLIManagesConsumersAndShowsStatus() async throws {
        let site = try await TestSite.start()
        let added = try await site.cli(["consumers", "add", "city", "--scopes", "telemetry:read,alerts:read", "--required"])
        #expect(added.status == 0, "\(added.output)")
        let token = try #require(added.output.split(separator: "\n").first { $0.hasPrefix("token: ") }.map { String($0.dropFirst(7)) })
        #expect(try await site.api(token).send("GET", "/v1/telemetry").status == 200)

        let list = try await site.cli(["consumers", "list"])
        #expect(list.output.contains("city  alerts:read,telemetry:read  api  required"))

        let status = try await site.cli(["status"])
        #expect(status.status == 0, "\(status.output)")
        for section in ["broker", "ingest", "alerts", "buffer", "consumers", "devices"] {
            #expect(status.output.contains(section), "status lacks \(section):\n\(status.output)")
        }
        #expect(status.output.contains("subscribed"))

        #expect(try await site.cli(["consumers", "remove", "city"]).status == 0)
        #expect(try await site.api(token).send("GET", "/v1/telemetry").status == 401)
        let bad = try await site.cli(["consumers", "add", "x", "--scopes", "alerts:delete"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("unknown scope 'alerts:delete'"))
        await site.shutdown()
    }

    struct Event {
        var id: Int64 = 0
        var name = ""
        var data = ""
    }

    /// The next event of an SSE stream (comments and blank lines skipped).
    static func nextEvent(_ stream: HTTPResponseStream) async throws -> Event {
        var event = Event()
        while let line = try await stream.nextLine() {
            if line.hasPrefix("id: ") { event.id = Int64(line.dropFirst(4)) ?? -1 }
            if line.hasPrefix("event: ") { event.name = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { event.data = String(line.dropFirst(6)) }
            if line.isEmpty, !event.name.isEmpty { return event }
        }
        throw ChildProcess.Failure(description: "the event stream ended")
    }
}
