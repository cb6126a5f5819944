@testable import CareGateAlerts
import CareGateCore
import Testing

/// Repositioning, wandering, wheelchair and bed-safety rules.
@Suite struct CareRuleTests {
    let minute = Fixture.minute
    let hour: EpochMillis = 3_600_000

    @Test func repositioningRemindsAtThePlanAndEscalatesHalfAnHourLater() {
        let h = CoreHarness(settings: settings(), residents: [Fixture.resident(bedBound: true, plan: 2)])
        h.send("bed-1", ["turnovers": .number(3)])
        h.advance(by: 2 * hour - 1)
        #expect(h.steps(.repositioning).isEmpty)
        h.advance(by: 1)
        #expect(h.steps(.repositioning) == [Step(.raised, .medium)])
        h.advance(by: 30 * minute)
        #expect(h.steps(.repositioning) == [Step(.raised, .medium), Step(.escalated, .medium, 2)])
        h.send("bed-1", ["turnovers": .number(4)])
        #expect(h.steps(.repositioning).last == Step(.resolved, .medium, 2))
    }

    @Test func acknowledgingTheReminderCountsAsRepositioning() throws {
        let h = CoreHarness(settings: settings(), residents: [Fixture.resident(bedBound: true, plan: 4)])
        h.send("bed-1", ["in_bed": .bool(true)])
        h.advance(by: 4 * hour)
        let id = try #require(h.open(.repositioning)?.id)
        let result = try h.perform(.acknowledge(alertId: id, by: "carer-2", note: "turned to left side")).get()
        #expect(result.map(\.transition) == [.acknowledged, .resolved])
        h.advance(by: 4 * hour - 1)
        #expect(h.steps(.repositioning).map(\.kind) == [.raised, .acknowledged, .resolved])
        h.advance(by: 1)
        #expect(h.steps(.repositioning).last == Step(.raised, .medium))
    }

    @Test func repositioningIgnoresResidentsWhoAreNotBedBound() {
        let h = CoreHarness(settings: settings())
        h.send("bed-1", ["turnovers": .number(3)])
        h.advance(by: 10 * hour)
        #expect(h.steps(.repositioning).isEmpty)
    }

    @Test func wanderingIsMediumByDayHighAtNightForExitRiskOnly() {
        let day = CoreHarness(settings: settings(), residents: [Fixture.resident(exitRisk: true)])
        day.send("watch-1", events: ["geofence_exit"])
        #expect(day.steps(.wandering) == [Step(.raised, .medium)])

        let night = CoreHarness(settings: settings(), at: Fixture.local(23, 0), residents: [Fixture.resident(exitRisk: true)])
        night.send("watch-1", ["zone": .text("outside")])
        #expect(night.steps(.wandering) == [Step(.raised, .high)])

        let notAtRisk = CoreHarness(settings: settings())
        notAtRisk.send("watch-1", events: ["geofence_exit"])
        #expect(notAtRisk.steps(.wandering).isEmpty)
    }

    @Test func gpsNeedsTwoFixesOutsideOrOneFarBeyondTheFence() {
        // Fence: 100 m around a point; 0.001° of latitude is about 111 m.
        let fence = settings(["wandering": ["fence_lat": 31.2, "fence_lon": 121.4, "fence_radius_m": 100]])
        let h = CoreHarness(settings: fence, residents: [Fixture.resident(exitRisk: true)])
        h.send("watch-1", ["lat": .number(31.2011), "lon": .number(121.4)])
        #expect(h.steps(.wandering).isEmpty)
        h.send("watch-1", ["lat": .number(31.2), "lon": .number(121.4)])
        h.send("watch-1", ["lat": .number(31.2011), "lon": .number(121.4)])
        #expect(h.steps(.wandering).isEmpty)
        h.send("watch-1", ["lat": .number(31.2012), "lon": .number(121.4)])
        #expect(h.steps(.wandering) == [Step(.raised, .medium)])

        let far = CoreHarness(settings: fence, residents: [Fixture.resident(exitRisk: true)])
        far.send("watch-1", ["lat": .number(31.2015), "lon": .number(121.4)])
        #expect(far.steps(.wandering) == [Step(.raised, .medium)])
    }

    @Test func tipOverByEventOrSustainedTiltWhileOccupied() {
        let event = CoreHarness(settings: settings())
        event.send("chair-1", events: ["tip_over"])
        #expect(event.steps(.tipOver) == [Step(.raised, .high)])

        let tilt = CoreHarness(settings: settings())
        tilt.send("chair-1", ["tilt": .number(-35), "occupied": .bool(true)])
        tilt.advance(by: 1999)
        #expect(tilt.steps(.tipOver).isEmpty)
        tilt.advance(by: 1)
        #expect(tilt.steps(.tipOver) == [Step(.raised, .high)])

        let brief = CoreHarness(settings: settings())
        brief.send("chair-1", ["tilt": .number(35)])
        brief.advance(by: 1000)
        brief.send("chair-1", ["tilt": .number(10)])
        brief.advance(by: 5000)
        #expect(brief.steps(.tipOver).isEmpty)

        let empty = CoreHarness(settings: settings())
        empty.send("chair-1", ["tilt": .number(60), "occupied": .bool(false)])
        empty.advance(by: 5000)
        #expect(empty.steps(.tipOver).isEmpty)
    }

    @Test func wheelchairFaultsRaiseMediumOncePerChair() {
        let h = CoreHarness(settings: settings())
        h.send("chair-1", events: ["collision"])
        h.send("chair-1", events: ["motor_fault"])
        #expect(h.steps(.wheelchairFault) == [Step(.raised, .medium)])
        #expect(h.open(.wheelchairFault)?.details["reports"] == .number(2))
        #expect(h.open(.wheelchairFault)?.key.device == "chair-1")
    }

    @Test func unsafeBedForAHighRiskResidentAfterTwoMinutes() {
        let h = CoreHarness(settings: settings(), residents: [Fixture.resident(fallRisk: .high)])
        h.send("bed-1", ["brake": .bool(false), "rails_up": .bool(true), "at_lowest": .bool(true)])
        h.advance(by: 2 * minute - 1)
        #expect(h.steps(.bedNotSafe).isEmpty)
        h.advance(by: 1)
        #expect(h.steps(.bedNotSafe) == [Step(.raised, .low)])
        h.send("bed-1", ["brake": .bool(true)])
        #expect(h.steps(.bedNotSafe) == [Step(.raised, .low), Step(.resolved, .low)])

        let standard = CoreHarness(settings: settings())
        standard.send("bed-1", ["brake": .bool(false)])
        standard.advance(by: 10 * minute)
        #expect(standard.steps(.bedNotSafe).isEmpty)
    }

    @Test func unsafeBedWaitsWhileStaffArePresentAndGoesOutWhenTheyLeave() {
        let h = CoreHarness(settings: settings(), residents: [Fixture.resident(fallRisk: .high)])
        _ = h.perform(.beginSuppression(.resident("r1"), reason: .staffPresent, by: "carer-1", until: nil))
        h.send("bed-1", ["rails_up": .bool(false)])
        h.advance(by: 3 * minute)
        #expect(h.steps(.bedNotSafe) == [Step(.suppressed, .low)])
        h.advance(to: Fixture.morning + 15 * minute)
        #expect(h.steps(.bedNotSafe) == [Step(.suppressed, .low), Step(.raised, .low)])
        #expect(h.open(.bedNotSafe)?.evidence.firstNotifiedAt == Fixture.morning + 15 * minute)
    }
}
