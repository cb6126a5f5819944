@testable import CareGateAlerts
import CareGateCore
import Testing

/// Re-notification cadence, the escalation ladder and re-escalation of unresolved acknowledgements,
/// with the catalogue's default lifecycle numbers.
@Suite struct EscalationTests {
    let second = Fixture.second
    let start = Fixture.morning

    func sosHarness() -> CoreHarness {
        let h = CoreHarness(settings: settings(quiet: false))
        h.send("pendant-1", events: ["sos"])
        return h
    }

    @Test func highRenotifiesEveryTenSecondsAndClimbsTheLadder() {
        let h = sosHarness()
        h.advance(by: 59 * second)
        #expect(h.times(.sos, .renotified, since: start) == [10, 20, 30, 40, 50].map { $0 * second })
        #expect(h.times(.sos, .escalated, since: start).isEmpty)
        h.advance(to: start + 300 * second)
        #expect(h.times(.sos, .escalated, since: start) == [60, 180, 300].map { $0 * second })
        #expect(h.steps(.sos).filter { $0.kind == .escalated }.map(\.tier) == [2, 3, 4])
        // An escalation is itself a notification: no re-notification at the same instant.
        #expect(!h.times(.sos, .renotified, since: start).contains(60 * second))
        #expect(h.times(.sos, .renotified, since: start).contains(70 * second))
        h.advance(by: 60 * second)
        #expect(h.steps(.sos).last?.tier == 4)
    }

    @Test func mediumAndLowCadences() {
        let medium = CoreHarness(settings: settings(quiet: false))
        medium.send("chair-1", events: ["collision"])
        medium.advance(to: start + 900 * second)
        let renotified = medium.times(.wheelchairFault, .renotified, since: start)
        #expect(Array(renotified.prefix(3)) == [25, 50, 75].map { $0 * second })
        #expect(medium.times(.wheelchairFault, .escalated, since: start) == [300, 900].map { $0 * second })

        let low = CoreHarness(settings: settings(quiet: false))
        low.send("watch-1", ["battery": .number(15)])
        low.advance(to: start + 3600 * second)
        #expect(Array(low.times(.lowBattery, .renotified, since: start).prefix(2)) == [30, 60].map { $0 * second })
        #expect(low.times(.lowBattery, .escalated, since: start).isEmpty)
    }

    @Test func acknowledgementStopsRenotificationAndReEscalatesAfterTenMinutesUnresolved() throws {
        let h = sosHarness()
        h.advance(by: 15 * second)
        let id = try #require(h.open(.sos)?.id)
        let ack = try h.perform(.acknowledge(alertId: id, by: "carer-3", note: "on my way")).get()
        #expect(ack.map(\.transition) == [.acknowledged])
        #expect(ack.first?.details["note"] == .text("on my way"))
        let before = h.transitions.count
        h.advance(by: 600 * second - 1)
        #expect(h.transitions.count == before)
        h.advance(by: 1)
        #expect(h.steps(.sos).last == Step(.escalated, .high, 2))
        h.advance(by: 10 * second)
        #expect(h.steps(.sos).last?.kind == .renotified)
        let snapshot = try #require(h.open(.sos))
        #expect(snapshot.evidence.acknowledgedBy == "carer-3")
        #expect(snapshot.evidence.acknowledgedAt == start + 15 * second)
    }

    @Test func disabledStepsStopTheLadder() {
        let h = CoreHarness(settings: settings(["lifecycle": ["escalate_high_tier3_s": 0]], quiet: false))
        h.send("pendant-1", events: ["sos"])
        h.advance(by: 3600 * second)
        #expect(h.steps(.sos).filter { $0.kind == .escalated }.map(\.tier) == [2])
    }
}
