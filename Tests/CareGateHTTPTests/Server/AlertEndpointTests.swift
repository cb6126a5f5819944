import CareGateAlerts
import CareGateCore
import CareGateHTTP
import CareGateStorage
import CareGateTestSupport
import Foundation
import Testing

/// Alert endpoints over a scripted alert desk, and the SSE stream over the real durable log.
@Suite(.timeLimit(.minutes(1)))
struct AlertEndpointTests {
    static let alert = AlertView(
        id: "A1", rule: "sos", severity: .high, tier: 1, status: "active", site: "s1", room: "101", bed: nil, deviceId: "cb-1",
        kind: "call-button", residentRef: "R-1", message: "SOS call", details: [:], devices: ["cb-1"], triggerCount: 1,
        lastTriggerAt: 1_000,
        suppression: nil, suppressedUntil: nil,
        evidence: .init(
            sourceTs: 990, receivedAt: 995, raisedAt: 1_000, firstNotifiedAt: 1_001, acknowledgedAt: 31_000, acknowledgedBy: "n1",
            acknowledgeNote: nil, resolvedAt: nil, resolvedBy: nil, resolution: nil))

    @Test func openAlertsCarryResponseTimeEvidence() async throws {
        let api = try APIHarness()
        api.alerts.add(Self.alert)
        let alerts = try #require(try await api.admin().send("GET", "/v1/alerts?state=open").json?["alerts"] as? [[String: Any]])
        let evidence = try #require(alerts.first?["evidence"] as? [String: Any])
        #expect(alerts.first?["id"] as? String == "A1")
        #expect(evidence["secondsToAcknowledge"] as? Double == 30)
        #expect(evidence["acknowledgedBy"] as? String == "n1")
        #expect(try await api.admin().send("GET", "/v1/alerts?state=later").status == 400)
        await api.stop()
    }

    @Test func actionsNeedAStaffIdAndReturnTheTransition() async throws {
        let api = try APIHarness()
        api.alerts.add(Self.alert)
        let nurseStation = try await api.consumer("station", [.alertsRead, .alertsWrite])
        let missing = try await nurseStation.send("POST", "/v1/alerts/A1/ack", body: #"{"by":"  "}"#)
        #expect(missing.status == 400)
        let acknowledged = try await nurseStation.send("POST", "/v1/alerts/A1/ack", body: #"{"by":"nurse-7","note":"coming"}"#)
        #expect(acknowledged.status == 200)
        #expect(acknowledged.json?["transition"] as? String == "acknowledged")
        #expect(acknowledged.json?["by"] as? String == "nurse-7")
        #expect(try await nurseStation.send("POST", "/v1/alerts/NOPE/resolve", body: #"{"by":"n"}"#).status == 404)
        let wrongField = try await nurseStation.send("POST", "/v1/alerts/A1/ack", body: #"{"by":"n","seconds":60}"#)
        #expect(wrongField.status == 400)
        await api.stop()
    }

    @Test func theStreamReplaysTheLogAfterLastEventIDThenFollowsLiveTransitions() async throws {
        let api = try APIHarness()
        let store = SQLiteAlertStore(database: api.control, sequence: api.sequence)
        let logged = try store.commit(AlertCommit(transitions: (1...3).map { FakeAlertDesk.transition(seq: 0, alertId: "L\($0)") }))
        let stream = try await api.admin().open("GET", "/v1/alerts/stream", headers: ["Last-Event-ID": "\(logged[0].seq)"])
        #expect(stream.status == 200)
        #expect(stream.headers["content-type"] == "text/event-stream")
        var events = try await Self.events(stream, count: 2)
        #expect(events.map(\.id) == [logged[1].seq, logged[2].seq])
        #expect(events.allSatisfy { $0.name == "transition" })
        #expect(events[0].data.contains(#""alertId":"L2""#))

        // Live: a transition the replay already covered is not repeated; a new one follows.
        try await Self.waitForListener(api)
        api.alerts.broadcast(logged[2])
        api.alerts.broadcast(FakeAlertDesk.transition(seq: logged[2].seq + 1, alertId: "LIVE"))
        events = try await Self.events(stream, count: 1)
        #expect(events.map(\.id) == [logged[2].seq + 1])
        #expect(events[0].data.contains(#""alertId":"LIVE""#))
        stream.close()
        await api.stop()
    }

    @Test func heartbeatsKeepAnIdleStreamAlive() async throws {
        let api = try APIHarness { $0.heartbeat = .milliseconds(50) }
        let stream = try await api.admin().open("GET", "/v1/alerts/stream")
        var comments = 0
        while comments < 2, let line = try await stream.nextLine() {
            if line == ": heartbeat" { comments += 1 }
        }
        #expect(comments == 2)
        stream.close()
        await api.stop()
    }

    @Test func shutdownEndsOpenStreams() async throws {
        let api = try APIHarness()
        let stream = try await api.admin().open("GET", "/v1/alerts/stream")
        try await Self.waitForListener(api)
        api.server.closeStreams()
        while try await stream.nextLine() != nil {}
        #expect(try await api.admin().open("GET", "/v1/alerts/stream").readToEnd() == Array("retry: 3000\n\n".utf8))
        await api.stop()
    }

    @Test func aBadLastEventIDIs400() async throws {
        let api = try APIHarness()
        #expect(try await api.admin().send("GET", "/v1/alerts/stream", headers: ["Last-Event-ID": "yesterday"]).status == 400)
        await api.stop()
    }

    struct Event {
        var id: Int64
        var name: String
        var data: String
    }

    /// Reads `count` events (skipping comments and the retry line).
    static func events(_ stream: HTTPResponseStream, count: Int) async throws -> [Event] {
        var events: [Event] = []
        var current = Event(id: 0, name: "", data: "")
        while events.count < count, let line = try await stream.nextLine() {
            if line.hasPrefix("id: ") { current.id = Int64(line.dropFirst(4)) ?? -1 }
            if line.hasPrefix("event: ") { current.name = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { current.data = String(line.dropFirst(6)) }
            if line.isEmpty, !current.name.isEmpty {
                events.append(current)
                current = Event(id: 0, name: "", data: "")
            }
        }
        return events
    }

    /// The stream subscribes before it answers; wait until the desk sees the listener.
    static func waitForListener(_ api: APIHarness) async throws {
        try await MQTTTestClient.poll(timeout: .seconds(5), "an SSE listener") { api.alerts.listenerCount > 0 }
    }
}
