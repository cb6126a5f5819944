@testable import CareGateAlerts
import CareGateCore
import Testing

@Suite struct BedExitRuleTests {
    let minute = Fixture.minute

    /// Bed exit of a high-fall-risk resident at `hour:minute` local: did it raise at once?
    func highRiskExitRaises(_ hour: Int, _ minute: Int) -> Bool {
        let h = CoreHarness(settings: settings(), at: Fixture.local(hour, minute), residents: [Fixture.resident(fallRisk: .high)])
        h.send("bed-1", ["in_bed": .bool(true)])
        h.send("bed-1", ["in_bed": .bool(false)])
        return h.steps(.bedExit) == [Step(.raised, .high)]
    }

    @Test func nightWindowEdgesForAHighRiskResident() {
        #expect(!highRiskExitRaises(21, 59))
        #expect(highRiskExitRaises(22, 0))
        #expect(highRiskExitRaises(5, 59))
        #expect(!highRiskExitRaises(6, 0))
    }

    @Test func standardRiskAlertsWhenNotBackWithinTwentyMinutes() {
        let h = CoreHarness(settings: settings(), at: Fixture.local(23, 0))
        h.send("bed-1", events: ["bed_exit"])
        h.advance(by: 20 * minute - 1)
        #expect(h.steps(.bedExit).isEmpty)
        h.advance(by: 1)
        #expect(h.steps(.bedExit) == [Step(.raised, .medium)])
        h.advance(by: 5 * minute)
        h.send("bed-1", ["in_bed": .bool(true)])
        #expect(h.steps(.bedExit) == [Step(.raised, .medium), Step(.resolved, .medium)])
    }

    @Test func backInTimeRaisesNothingAndRepeatedReadingsDoNotRearm() {
        let h = CoreHarness(settings: settings(), at: Fixture.local(2, 0))
        h.send("bed-1", ["in_bed": .bool(false)])
        h.advance(by: 10 * minute)
        h.send("bed-1", ["in_bed": .bool(false)])
        h.advance(by: 9 * minute)
        h.send("bed-1", ["in_bed": .bool(true)])
        h.advance(by: 60 * minute)
        #expect(h.steps(.bedExit).isEmpty)
    }

    @Test func independentResidentsGetFortyFiveMinutes() {
        let h = CoreHarness(settings: settings(), at: Fixture.local(1, 0), residents: [Fixture.resident(fallRisk: .independent)])
        h.send("vitals-1", ["in_bed": .bool(false)])
        h.advance(by: 44 * minute)
        #expect(h.steps(.bedExit).isEmpty)
        h.advance(by: 1 * minute)
        #expect(h.steps(.bedExit) == [Step(.raised, .medium)])
    }

    @Test func residentsOwnNightWindowAndOverridesApply() {
        let resident = Fixture.resident(
            night: NightWindow(parsing: "21:00-07:00"), overrides: ["bed_exit": ["standard_return_s": 300]])
        let h = CoreHarness(settings: settings(), at: Fixture.local(21, 30), residents: [resident])
        h.send("bed-1", ["in_bed": .bool(false)])
        h.advance(by: 5 * minute)
        #expect(h.steps(.bedExit) == [Step(.raised, .medium)])
    }

    @Test func armedTimerSurvivesARestart() throws {
        let h = CoreHarness(settings: settings(), at: Fixture.local(3, 0))
        h.send("bed-1", ["in_bed": .bool(false)])
        try h.restart(at: Fixture.local(3, 10))
        h.advance(to: Fixture.local(3, 19, 59))
        #expect(h.steps(.bedExit).isEmpty)
        h.advance(to: Fixture.local(3, 20))
        #expect(h.steps(.bedExit) == [Step(.raised, .medium)])
    }
}
