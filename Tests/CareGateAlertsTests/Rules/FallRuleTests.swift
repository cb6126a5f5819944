@testable import CareGateAlerts
import CareGateCore
import Testing

@Suite struct FallRuleTests {
    let s = Fixture.second

    @Test func suspectedFallRaisesAtOnceConfirmsAfterSixtySecondsAndEscalatesAsLongLie() {
        let h = CoreHarness(settings: settings())
        h.send("radar-1", events: ["fall_suspected"])
        #expect(h.steps(.fall) == [Step(.raised, .high)])
        h.advance(by: 59 * s)
        #expect(h.steps(.fall).count == 1)
        h.advance(by: 1 * s)
        #expect(h.steps(.fall) == [Step(.raised, .high), Step(.renotified, .high)])
        #expect(h.transitions.last?.message.hasPrefix("Fall confirmed") == true)
        h.advance(to: Fixture.morning + 899 * s)
        #expect(h.steps(.fall).count == 2)
        h.advance(to: Fixture.morning + 900 * s)
        #expect(h.steps(.fall).last == Step(.escalated, .high, 2))
        #expect(h.transitions.last?.message.hasPrefix("Long-lie risk") == true)
    }

    @Test func cancelledSuspicionBeforeConfirmationResolvesItself() {
        let h = CoreHarness(settings: settings())
        h.send("radar-1", events: ["fall_suspected"])
        h.advance(by: 30 * s)
        h.send("radar-1", events: ["fall_cancelled"])
        #expect(h.steps(.fall) == [Step(.raised, .high), Step(.resolved, .high)])
        #expect(h.transitions.last?.by == nil)
        h.advance(by: 20 * Fixture.minute)
        #expect(h.steps(.fall).count == 2)
    }

    @Test func reportedFallStaysOpenForStaffWhenTheResidentGetsUp() {
        let h = CoreHarness(settings: settings())
        h.send("radar-1", events: ["fall"])
        h.advance(by: 20 * s)
        h.send("radar-1", ["posture": .text("standing")])
        h.advance(by: 20 * Fixture.minute)
        #expect(h.steps(.fall) == [Step(.raised, .high)])
        let open = h.open(.fall)
        #expect(open?.details["recovered"] == .bool(true))
        #expect(open?.status == .active)
    }

    @Test func radarMetricsRaiseLikeEvents() {
        let fallState = CoreHarness(settings: settings())
        fallState.send("radar-1", ["fall_state": .text("suspected")])
        #expect(fallState.steps(.fall) == [Step(.raised, .high)])
        fallState.send("radar-1", ["fall_state": .text("suspected")])
        fallState.send("radar-1", ["fall_state": .text("none")])
        #expect(fallState.steps(.fall) == [Step(.raised, .high), Step(.resolved, .high)])

        let posture = CoreHarness(settings: settings())
        posture.send("radar-1", ["posture": .text("fallen")])
        #expect(posture.open(.fall)?.details["phase"] == .text("reported"))
    }

    @Test func secondReportFromTheSameDeviceUpdatesWithoutATwin() {
        let h = CoreHarness(settings: settings())
        h.send("radar-1", events: ["fall"])
        h.advance(by: 5 * s)
        h.send("radar-1", events: ["fall"])
        h.send("radar-1", ["posture": .text("fallen")])
        #expect(h.steps(.fall) == [Step(.raised, .high)])
        #expect(h.store.alerts.count == 1)
    }

    @Test func radarAndWatchWithinSixtySecondsAreOneSilentIncident() {
        let h = CoreHarness(settings: settings())
        h.send("radar-1", events: ["fall"])
        h.advance(by: 59 * s)
        h.send("watch-1", events: ["fall"])
        #expect(h.steps(.fall) == [Step(.raised, .high)])
        #expect(h.open(.fall)?.devices == ["radar-1", "watch-1"])
    }

    @Test func watchFallAfterSixtyOneSecondsRenotifiesTheSameAlert() {
        let h = CoreHarness(settings: settings(["fall": ["confirm_after_s": 300]]))
        h.send("radar-1", events: ["fall"])
        h.advance(by: 61 * s)
        h.send("watch-1", events: ["fall"])
        #expect(h.steps(.fall) == [Step(.raised, .high), Step(.renotified, .high)])
        #expect(h.store.alerts.count == 1)
        #expect(h.transitions.last?.details["devices"] == .text("radar-1,watch-1"))
    }

    @Test func resolvedFallLetsTheNextFallRaiseANewAlert() throws {
        let h = CoreHarness(settings: settings())
        h.send("radar-1", events: ["fall"])
        let id = try #require(h.open(.fall)?.id)
        _ = h.perform(.resolve(alertId: id, by: "nurse-7", note: "helped up"))
        h.advance(by: 2 * Fixture.minute)
        h.send("radar-1", events: ["fall"])
        #expect(h.steps(.fall).map(\.kind) == [.raised, .resolved, .raised])
        #expect(h.open(.fall)?.id != id)
    }
}
