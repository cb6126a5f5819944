@testable import CareGateAlerts
import CareGateCore
import Testing

@Suite struct BathroomStayRuleTests {
    let minute = Fixture.minute

    @Test func mediumAfterTenMinutesHighAfterTwentyByDay() {
        let h = CoreHarness(settings: settings())
        h.send("bath-1", ["presence": .bool(true), "motion": .text("still")])
        h.advance(by: 10 * minute - 1)
        #expect(h.steps(.bathroomStay).isEmpty)
        h.advance(by: 1)
        #expect(h.steps(.bathroomStay) == [Step(.raised, .medium)])
        h.advance(by: 9 * minute)
        #expect(h.steps(.bathroomStay).count == 1)
        h.advance(by: 1 * minute)
        #expect(h.steps(.bathroomStay) == [Step(.raised, .medium), Step(.escalated, .high)])
    }

    @Test func highAfterFifteenMinutesAtNight() {
        let h = CoreHarness(settings: settings(), at: Fixture.local(2, 0))
        h.send("bath-1", ["presence": .bool(true), "motion": .text("none")])
        h.advance(by: 15 * minute)
        #expect(h.steps(.bathroomStay).last == Step(.escalated, .high))
    }

    @Test func movementResolvesAndRestartsTheCount() {
        let h = CoreHarness(settings: settings())
        h.send("bath-1", ["presence": .bool(true), "motion": .text("still")])
        h.advance(by: 12 * minute)
        h.send("bath-1", ["motion": .text("active")])
        #expect(h.steps(.bathroomStay) == [Step(.raised, .medium), Step(.resolved, .medium)])
        h.send("bath-1", ["motion": .text("still")])
        h.advance(by: 9 * minute)
        #expect(h.steps(.bathroomStay).count == 2)
    }

    @Test func onlyBathroomZonesCount() {
        let h = CoreHarness(settings: settings())
        h.send("radar-1", ["presence": .bool(true), "motion": .text("still")])
        h.advance(by: 30 * minute)
        #expect(h.steps(.bathroomStay).isEmpty)
    }
}
