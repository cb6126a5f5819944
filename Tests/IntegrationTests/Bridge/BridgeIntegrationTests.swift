import CareGateMQTT
import CareGateTestSupport
import Foundation
import GRDB
import Testing

/// The upstream MQTT bridge with the real daemon and two real brokers, the site's and a "cloud"
/// one: records flow, the cloud broker goes down while devices keep publishing and an alert is
/// raised, it comes back, and the platform subscribed to it ends with every record exactly once
/// after de-duplication by `seq`, while the bridge's cursor reaches each stream's last record.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct BridgeIntegrationTests {
    static let streams = ["telemetry", "events", "alerts"]

    static let seed = """
        residents:
          - ref: R-1
            fall_risk: standard
        devices:
          - id: fr-1
            profile: caregate.fall-radar
            room: "101"
            zone: bedroom
            resident: R-1
        """

    static func config(cloudPort: Int) -> String {
        """
        bridge:
          enabled: true
          url: mqtt://127.0.0.1:\(cloudPort)
          reconnect_min_ms: 50
          reconnect_max_ms: 300
          max_inflight: 10
          batch_size: 25
          streams: [telemetry, events, alerts]
        alerts:
          rules:
            lifecycle: { escalate_high_tier2_s: 600, escalate_high_tier3_s: 1200, renotify_high_s: 600 }

        """
    }

    /// What the platform received, per stream: every record's JSON by `seq`, a repeat (delivery
    /// is at-least-once) replacing the earlier copy: the platform's de-duplication.
    struct Received {
        var records: [String: [Int64: [String: Any]]] = [:]

        init(_ messages: [MQTTTestClient.Message]) {
            for message in messages {
                let stream = String(message.topic.split(separator: "/").last ?? "")
                guard BridgeIntegrationTests.streams.contains(stream),
                      let object = try? JSONSerialization.jsonObject(with: Data(message.payload)) as? [String: Any],
                      let seq = (object["seq"] as? NSNumber)?.int64Value
                else { continue }
                records[stream, default: [:]][seq] = object
            }
        }

        func seqs(_ stream: String) -> [Int64] { (records[stream] ?? [:]).keys.sorted() }
    }

    /// Each stream's sequence numbers as the gateway stored them.
    static func stored(_ site: TestSite) throws -> [String: [Int64]] {
        [
            "telemetry": try site.query("buffer.sqlite", "SELECT gseq FROM telemetry ORDER BY gseq").map { $0["gseq"] },
            "events": try site.query("buffer.sqlite", "SELECT gseq FROM events ORDER BY gseq").map { $0["gseq"] },
            "alerts": try site.query("alerts.sqlite", "SELECT gseq FROM alert_transitions ORDER BY gseq").map { $0["gseq"] },
        ]
    }

    /// The bridge consumer's committed cursors.
    static func cursors(_ site: TestSite) throws -> [String: Int64] {
        var cursors: [String: Int64] = [:]
        for row in try site.query("alerts.sqlite", "SELECT stream, cursor FROM consumer_cursors WHERE consumer = 'bridge'") {
            cursors[row["stream"]] = row["cursor"]
        }
        return cursors
    }

    /// Waits until the platform holds exactly the records the gateway stores, stream by stream,
    /// and the bridge's cursors are at each stream's last record; returns what is stored. On
    /// timeout, says per stream what is missing or extra and where the cursor is.
    static func waitUntilBridged(_ site: TestSite, _ platform: MQTTTestClient, timeout: Duration) async throws -> [String: [Int64]] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let stored = try Self.stored(site)
            let received = Received(platform.messages)
            let cursors = try Self.cursors(site)
            if streams.allSatisfy({ received.seqs($0) == stored[$0] && cursors[$0] == stored[$0]?.last }) { return stored }
            guard ContinuousClock.now < deadline else {
                let report = streams.map { stream in
                    let have = Set(received.seqs(stream))
                    let want = Set(stored[stream] ?? [])
                    return "\(stream): stored \(want.count), last \(stored[stream]?.last ?? 0), cursor \(cursors[stream] ?? 0), "
                        + "missing \(want.subtracting(have).sorted().prefix(20)), extra \(have.subtracting(want).sorted().prefix(20))"
                }
                throw ChildProcess.Failure(description: "timed out after \(timeout) waiting for the bridge:\n"
                    + report.joined(separator: "\n") + "\n" + site.daemon.output.suffix(4000))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func publish(_ site: TestSite, readings: ClosedRange<Int>, events: ClosedRange<Int>) throws {
        for index in readings {
            try site.telemetry("fall-radar", "fr-1", seq: Int64(index), #""presence":true,"motion":"still""#)
        }
        for index in events {
            try site.event("fall-radar", "fr-\(index + 10)", seq: 1, "fall_cancelled")
        }
    }

    @Test func theCloudBrokerGoesDownAndThePlatformStillEndsWithEveryRecordExactlyOnce() async throws {
        let cloud = try await MosquittoBroker.start()
        // The platform: a persistent session on the cloud broker, so what the bridge publishes
        // while the platform reconnects after the cloud broker's restart waits for it there.
        let platform = try await MQTTTestClient.connected(
            port: cloud.port, clientId: "platform", subscriptions: [MQTTSubscription("caregate/t1/+")],
            configure: {
                $0.cleanSession = false
                $0.reconnect = ReconnectBackoff(minimumDelay: .milliseconds(50), maximumDelay: .milliseconds(200))
            })
        let site = try await TestSite.start(config: Self.config(cloudPort: cloud.port), seed: Self.seed)

        // Before the outage: everything arrives and the cursor follows.
        try Self.publish(site, readings: 1...60, events: 1...3)
        _ = try await site.waitForStored("phase 1") { $0.telemetry >= 60 && $0.events >= 3 }
        let before = try await Self.waitUntilBridged(site, platform, timeout: .seconds(20))
        #expect(before["telemetry"]?.count == 60)

        // The cloud broker stalls: the bridge fills its in-flight window and gets no PUBACK, so
        // nothing counts as synced.
        cloud.pause()
        try Self.publish(site, readings: 61...100, events: 4...4)
        _ = try await site.waitForStored("phase 2") { $0.telemetry >= 100 && $0.events >= 4 }
        try await Task.sleep(for: .seconds(1.5))
        let cursorsWhileStalled = try Self.cursors(site)
        for stream in Self.streams {
            #expect(cursorsWhileStalled[stream] == before[stream]?.last, "the \(stream) cursor moved without a PUBACK")
        }
        #expect(Received(platform.messages).seqs("telemetry") == before["telemetry"])

        // Then it goes away; devices keep publishing, and a fall raises an alert locally.
        cloud.resume()
        await cloud.stop()
        try await Task.sleep(for: .seconds(1.5))
        let cursorsAtOutage = try Self.cursors(site)
        try Self.publish(site, readings: 101...180, events: 5...7)
        try site.event("fall-radar", "fr-1", seq: 1000, "fall")
        let raised = try await site.waitForAlert("fall raised") { $0.rule == "fall" && $0.transition == .raised }
        _ = try await site.waitForStored("phase 3") { $0.telemetry >= 180 && $0.events >= 8 }
        try await Task.sleep(for: .seconds(1.5))
        #expect(try Self.cursors(site) == cursorsAtOutage, "a cursor moved while the cloud broker was down")

        // It comes back on the same port: the bridge resumes from its cursor.
        try await cloud.restart()
        let final = try await Self.waitUntilBridged(site, platform, timeout: .seconds(30))
        #expect(final["alerts"]?.contains(raised.seq) == true)
        #expect(final["telemetry"]?.count == 180)
        let received = Received(platform.messages)
        for stream in Self.streams {
            #expect(received.seqs(stream) == final[stream], "\(stream): the platform's records differ from the gateway's")
        }
        let alert = try #require(received.records["alerts"]?[raised.seq])
        #expect(alert["alertId"] as? String == raised.alertId)
        #expect(alert["transition"] as? String == "raised")

        // Each record is the object the HTTP API serves.
        let api = try site.operatorAPI()
        let page = try await api.send("GET", "/v1/telemetry?after=0&limit=500")
        let served = (page.json?["records"] as? [[String: Any]]) ?? []
        #expect(served.count == 180)
        for record in served {
            let seq = try #require((record["seq"] as? NSNumber)?.int64Value)
            #expect((received.records["telemetry"]?[seq]).map { NSDictionary(dictionary: $0) } == NSDictionary(dictionary: record))
        }

        // The status screen shows the bridge and its consumer.
        let status = try #require(try await api.send("GET", "/v1/status").json)
        #expect(((status["bridge"] as? [String: Any])?["broker"] as? [String: Any])?["state"] as? String == "connected")
        let consumers = (status["consumers"] as? [[String: Any]]) ?? []
        #expect(consumers.contains { $0["name"] as? String == "bridge" && $0["required"] as? Bool == true })

        await platform.stop()
        await site.shutdown()
        await cloud.stop()
    }

    @Test func anAlertTransitionIsBridgedOnlyAfterTheSitesBrokerHasIt() async throws {
        let cloud = try await MosquittoBroker.start()
        let platform = try await MQTTTestClient.connected(
            port: cloud.port, clientId: "platform", subscriptions: [MQTTSubscription("caregate/t1/alerts")])
        let site = try await TestSite.start(
            config: Self.config(cloudPort: cloud.port).replacingOccurrences(of: "escalate_high_tier2_s: 600", with: "escalate_high_tier2_s: 3"),
            seed: Self.seed)
        try site.event("fall-radar", "fr-1", seq: 1, "fall")
        let raised = try await site.waitForAlert("fall raised") { $0.rule == "fall" && $0.transition == .raised }
        try await platform.waitUntil(timeout: .seconds(10), "the raised transition on the cloud broker") {
            Received(platform.messages).records["alerts"]?[raised.seq] != nil
        }

        // The site's broker goes down; the escalation is decided and stored, but the staff's
        // MQTT alerting has not got it, so the platform must not either.
        await site.broker.stop()
        let escalated = try await site.waitForAlert("escalation") { $0.transition == .escalated && $0.alertId == raised.alertId }
        try await Task.sleep(for: .seconds(2))
        #expect(Received(platform.messages).records["alerts"]?[escalated.seq] == nil, "bridged before the site's broker had it")
        #expect(try Self.cursors(site)["alerts"] == raised.seq)

        // Back: the gateway publishes it locally, then the bridge forwards it.
        try await site.broker.restart()
        try await platform.waitUntil(timeout: .seconds(15), "the escalation on the cloud broker") {
            Received(platform.messages).records["alerts"]?[escalated.seq] != nil
        }
        let published = try site.query("alerts.sqlite", "SELECT published FROM alert_transitions WHERE gseq = \(escalated.seq)").first?["published"] as Int?
        #expect(published == 1)

        await platform.stop()
        await site.shutdown()
        await cloud.stop()
    }
}
