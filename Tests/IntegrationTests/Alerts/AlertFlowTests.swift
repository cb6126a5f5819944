import CareGateCore
import CareGateMQTT
import CareGateTestSupport
import Foundation
import Testing

/// The alert core end to end with short real timeouts: the real daemon, a real broker, the alert
/// log and the MQTT alert topic, a `kill -9` in the middle of an escalation.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct AlertFlowTests {
    /// A night window around the current site-local time, so "at night" rules apply whenever the
    /// test runs.
    private static func nightNow() -> String {
        let calendar = SiteCalendar(identifier: "Asia/Shanghai")!
        let minute = calendar.minuteOfDay(TestSite.now())
        func text(_ m: Int) -> String {
            let m = (m + 1440) % 1440
            return String(format: "%02d:%02d", m / 60, m % 60)
        }
        return "\(text(minute - 60))-\(text(minute + 60))"
    }

    private static let seed = """
        residents:
          - ref: R-1
            fall_risk: standard
            night_window: "\(nightNow())"
        devices:
          - id: fr-1
            profile: caregate.fall-radar
            room: "101"
            zone: bedroom
            resident: R-1
          - id: vr-1
            profile: caregate.vitals-radar
            room: "101"
            bed: A
            resident: R-1
          - id: w-1
            profile: caregate.wearable
            resident: R-1
        """

    private static func config(_ rules: String) -> String {
        "alerts:\n  rules:\n" + rules.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
    }

    @Test func aFallIsRaisedAtOnceEscalatesWithoutAnAnswerAndIsAcknowledgedOverMQTT() async throws {
        let site = try await TestSite.start(
            config: Self.config("lifecycle: { escalate_high_tier2_s: 2, escalate_high_tier3_s: 600, renotify_high_s: 600 }"),
            seed: Self.seed)
        let staff = try await MQTTTestClient.connected(
            port: site.broker.port, clientId: "nurse-station", subscriptions: [MQTTSubscription("care/t1/gateway/alerts")])
        try site.event("fall-radar", "fr-1", seq: 1, "fall")

        let raised = try await site.waitForAlert("fall raised") { $0.rule == "fall" && $0.transition == .raised }
        #expect(raised.severity == .high)
        #expect(raised.residentRef == "R-1")
        #expect(raised.room == "101")
        let escalated = try await site.waitForAlert("escalation to tier 2") { $0.transition == .escalated && $0.alertId == raised.alertId }
        #expect(escalated.tier == 2)
        #expect(escalated.at - raised.raisedAt >= 2000)

        try site.publish("care/t1/gateway/alerts/\(raised.alertId)/ack", #"{"by":"nurse-7","note":"on my way"}"#)
        let acknowledged = try await site.waitForAlert("acknowledgement") { $0.transition == .acknowledged && $0.alertId == raised.alertId }
        #expect(acknowledged.by == "nurse-7")

        // The nurse station saw the same transitions on MQTT.
        let seen = try await staff.waitForMessages(count: 3)
        #expect(seen.map { $0.text.contains(raised.alertId) } == [true, true, true])
        // ...and the open alert is in the retained active set.
        let active = try await MQTTTestClient.connected(
            port: site.broker.port, clientId: "display", subscriptions: [MQTTSubscription("care/t1/gateway/alerts/active/+")])
        let retained = try await active.waitForMessages(count: 1)
        #expect(retained.first?.retain == true)
        #expect(retained.first?.text.contains(#""transition":"acknowledged""#) == true)
        await staff.stop()
        await active.stop()
        await site.shutdown()
    }

    @Test func aNightBedExitWithoutReturnRaisesAfterTheResidentsDelay() async throws {
        let site = try await TestSite.start(config: Self.config("bed_exit: { standard_return_s: 2 }"), seed: Self.seed)
        try site.telemetry("vitals-radar", "vr-1", seq: 1, #""in_bed":true,"heart_rate":64,"resp_rate":15"#)
        try site.event("vitals-radar", "vr-1", seq: 2, "bed_exit")
        try site.telemetry("vitals-radar", "vr-1", seq: 3, #""in_bed":false,"presence":true"#)
        let raised = try await site.waitForAlert("bed exit") { $0.rule == "bed_exit" && $0.transition == .raised }
        #expect(raised.at - raised.sourceTs >= 2000 - 100)
        #expect(raised.residentRef == "R-1")
        await site.shutdown()
    }

    @Test func apneaWhileInBedRaisesHigh() async throws {
        let site = try await TestSite.start(config: Self.config("apnea: { after_s: 1 }"), seed: Self.seed)
        for seq in Int64(1)...12 {
            try site.telemetry("vitals-radar", "vr-1", seq: seq, #""in_bed":true,"heart_rate":70,"resp_rate":0"#)
            try await Task.sleep(for: .milliseconds(200))
        }
        let raised = try await site.waitForAlert("apnea") { $0.rule == "apnea" && $0.transition == .raised }
        #expect(raised.severity == .high)
        await site.shutdown()
    }

    @Test func aSafetyCriticalDeviceThatFallsSilentIsReported() async throws {
        let site = try await TestSite.start(
            config: Self.config("device_offline: { medium_after_s: 2, keepalive_factor: 0 }"),
            seed: """
                devices:
                  - id: fr-9
                    profile: caregate.fall-radar
                    room: "109"
                """)
        try site.telemetry("fall-radar", "fr-9", seq: 1, #""presence":true,"motion":"still""#)
        let raised = try await site.waitForAlert("device offline") { $0.rule == "device_offline" && $0.deviceId == "fr-9" }
        #expect(raised.severity == .medium)
        await site.shutdown()
    }

    @Test func afterKillMinus9AnOpenAlertContinuesItsEscalationAndIsNotRaisedAgain() async throws {
        let site = try await TestSite.start(
            config: Self.config("lifecycle: { escalate_high_tier2_s: 4, escalate_high_tier3_s: 600, renotify_high_s: 600 }"),
            seed: Self.seed)
        try site.event("wearable", "w-1", seq: 7, "sos")
        let raised = try await site.waitForAlert("sos raised") { $0.rule == "sos" && $0.transition == .raised }
        await site.daemon.kill()
        try await site.daemon.start()
        // The broker redelivers nothing new, but a device might repeat itself: the same event again.
        try site.event("wearable", "w-1", seq: 7, ts: raised.sourceTs, "sos")
        let escalated = try await site.waitForAlert("escalation after the restart") { $0.transition == .escalated && $0.alertId == raised.alertId }
        #expect(escalated.tier == 2)
        #expect(escalated.at - raised.raisedAt >= 4000)
        try await Task.sleep(for: .seconds(1))
        let log = site.alerts().filter { $0.alertId == raised.alertId }
        #expect(log.filter { $0.transition == .raised }.count == 1)
        #expect(log.filter { $0.transition == .escalated }.count == 1)
        #expect(site.alerts().filter { $0.rule == "sos" && $0.transition == .raised }.count == 1)
        // Each line appears once, in sequence order.
        let seqs = site.alerts().map(\.seq)
        #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count)
        await site.shutdown()
    }

    @Test func aRedeliveredEventRaisesNoSecondAlert() async throws {
        let site = try await TestSite.start(seed: Self.seed)
        let ts = TestSite.now()
        try site.event("fall-radar", "fr-1", seq: 40, ts: ts, "fall")
        let raised = try await site.waitForAlert("fall raised") { $0.rule == "fall" && $0.transition == .raised }
        try site.event("fall-radar", "fr-1", seq: 40, ts: ts, "fall")
        try site.event("fall-radar", "fr-1", seq: 40, ts: ts, "fall")
        _ = try await site.waitForStored("the repeats recognised") { $0.counters["duplicates"] == 2 }
        #expect(site.alerts().filter { $0.transition == .raised }.map(\.alertId) == [raised.alertId])
        await site.shutdown()
    }

    @Test func aTransitionTheBrokerAcknowledgedIsRecordedAsPublished() async throws {
        let site = try await TestSite.start(seed: Self.seed)
        try site.event("fall-radar", "fr-1", seq: 50, ts: TestSite.now(), "fall")
        let raised = try await site.waitForAlert("fall raised") { $0.rule == "fall" && $0.transition == .raised }
        // Acknowledgements are recorded in batches off the alert path: not at once, but soon.
        func published() -> Int? {
            (try? site.query("alerts.sqlite", "SELECT published FROM alert_transitions WHERE gseq = \(raised.seq)"))?.first?["published"]
        }
        try await MQTTTestClient.poll(timeout: .seconds(10), "the raised transition recorded as published") { published() == 1 }
        #expect(published() == 1)
        await site.shutdown()
    }
}
