@testable import CareGateAlerts
import CareGateCore
import Testing

@Suite struct SOSRuleTests {
    @Test func pressesWithinTenSecondsMergeAndLaterOnesRenotify() {
        let h = CoreHarness(settings: settings())
        h.send("pendant-1", events: ["sos"])
        h.advance(by: 10 * Fixture.second)
        h.send("pendant-1", events: ["sos"])
        #expect(h.steps(.sos) == [Step(.raised, .high)])
        #expect(h.open(.sos)?.details["presses"] == .number(2))
        h.advance(by: 11 * Fixture.second)
        h.send("pendant-1", events: ["sos"])
        #expect(h.steps(.sos) == [Step(.raised, .high), Step(.renotified, .high)])
        #expect(h.store.alerts.count == 1)
    }

    @Test func staysOpenUntilStaffResolveIt() throws {
        let h = CoreHarness(settings: settings())
        h.send("watch-1", events: ["sos"])
        h.advance(by: 2 * 3_600_000)
        let id = try #require(h.open(.sos)?.id)
        let resolved = try h.perform(.resolve(alertId: id, by: "nurse-1", note: nil)).get()
        #expect(resolved.map(\.transition) == [.resolved])
        #expect(resolved.first?.by == "nurse-1")
        h.send("watch-1", events: ["sos"])
        #expect(h.steps(.sos).map(\.kind) == [.raised, .resolved, .raised])
    }
}
