@testable import CareGateAlerts
import CareGateCore
import Testing

@Suite struct VitalSignRuleTests {
    let second = Fixture.second
    let minute = Fixture.minute

    /// Steps of `rule` after `value` of `metric` from the watch held for `duration`.
    func steps(_ rule: RuleID, _ metric: String, _ value: Double, for duration: EpochMillis,
               resident: ResidentRecord = Fixture.resident()) -> [Step] {
        let h = CoreHarness(settings: settings(), residents: [resident])
        h.send("watch-1", [metric: .number(value)])
        h.advance(by: duration)
        return h.steps(rule)
    }

    @Test func heartRateHighBandNeedsSixtySeconds() {
        #expect(steps(.heartRate, "heart_rate", 131, for: 59 * second).isEmpty)
        #expect(steps(.heartRate, "heart_rate", 131, for: 60 * second) == [Step(.raised, .high)])
        #expect(steps(.heartRate, "heart_rate", 40, for: 60 * second) == [Step(.raised, .high)])
    }

    @Test func heartRateMediumBandNeedsFiveMinutes() {
        #expect(steps(.heartRate, "heart_rate", 130, for: 60 * second).isEmpty)
        #expect(steps(.heartRate, "heart_rate", 130, for: 5 * minute - 1).isEmpty)
        #expect(steps(.heartRate, "heart_rate", 130, for: 5 * minute) == [Step(.raised, .medium)])
        #expect(steps(.heartRate, "heart_rate", 41, for: 5 * minute) == [Step(.raised, .medium)])
        #expect(steps(.heartRate, "heart_rate", 50, for: 5 * minute) == [Step(.raised, .medium)])
        #expect(steps(.heartRate, "heart_rate", 51, for: 10 * minute).isEmpty)
        #expect(steps(.heartRate, "heart_rate", 110, for: 10 * minute).isEmpty)
        #expect(steps(.heartRate, "heart_rate", 111, for: 5 * minute) == [Step(.raised, .medium)])
    }

    @Test func heartRateClearsOnlyAfterTwoMinutesInTheNormalBand() {
        let h = CoreHarness(settings: settings())
        h.send("watch-1", ["heart_rate": .number(140)])
        h.advance(by: 60 * second)
        h.send("watch-1", ["heart_rate": .number(80)])
        h.advance(by: 119 * second)
        h.send("watch-1", ["heart_rate": .number(135)])
        h.send("watch-1", ["heart_rate": .number(82)])
        h.advance(by: 119 * second)
        #expect(h.steps(.heartRate) == [Step(.raised, .high)])
        h.advance(by: 1 * second)
        #expect(h.steps(.heartRate) == [Step(.raised, .high), Step(.resolved, .high)])
    }

    @Test func mediumHeartRateTurningCriticalEscalatesTheSameAlert() {
        let h = CoreHarness(settings: settings())
        h.send("watch-1", ["heart_rate": .number(120)])
        h.advance(by: 5 * minute)
        h.send("watch-1", ["heart_rate": .number(150)])
        h.advance(by: 60 * second)
        #expect(h.steps(.heartRate) == [Step(.raised, .medium), Step(.escalated, .high)])
        #expect(h.store.alerts.count == 1)
    }

    @Test func residentOverrideLowersTheThreshold() {
        let resident = Fixture.resident(overrides: ["heart_rate": ["high_above": 120]])
        #expect(steps(.heartRate, "heart_rate", 121, for: 60 * second, resident: resident) == [Step(.raised, .high)])
    }

    @Test func bedSensorVitalsAreIgnoredWhileOutOfBed() {
        let h = CoreHarness(settings: settings())
        h.send("vitals-1", ["in_bed": .bool(false), "heart_rate": .number(150)])
        h.advance(by: 5 * minute)
        #expect(h.steps(.heartRate).isEmpty)
    }

    @Test func respirationThresholds() {
        #expect(steps(.respiration, "resp_rate", 25, for: 60 * second) == [Step(.raised, .high)])
        #expect(steps(.respiration, "resp_rate", 25, for: 59 * second).isEmpty)
        #expect(steps(.respiration, "resp_rate", 24, for: 10 * minute).isEmpty)
        #expect(steps(.respiration, "resp_rate", 8, for: 60 * second) == [Step(.raised, .high)])
        #expect(steps(.respiration, "resp_rate", 9, for: 10 * minute).isEmpty)
        #expect(steps(.respiration, "resp_rate", 0, for: 10 * minute).isEmpty)
    }

    @Test func spo2Thresholds() {
        #expect(steps(.spo2, "spo2", 88, for: 15 * second) == [Step(.raised, .high)])
        #expect(steps(.spo2, "spo2", 88, for: 14 * second).isEmpty)
        #expect(steps(.spo2, "spo2", 89, for: 59 * second).isEmpty)
        #expect(steps(.spo2, "spo2", 89, for: 60 * second) == [Step(.raised, .medium)])
        #expect(steps(.spo2, "spo2", 91, for: 60 * second) == [Step(.raised, .medium)])
        #expect(steps(.spo2, "spo2", 92, for: 10 * minute).isEmpty)
    }

    @Test func temperatureRaisesAtOnceAndResolvesWithHysteresis() {
        let h = CoreHarness(settings: settings())
        h.send("watch-1", ["body_temp": .number(38.0)])
        #expect(h.steps(.temperature).isEmpty)
        h.send("watch-1", ["body_temp": .number(38.1)])
        #expect(h.steps(.temperature) == [Step(.raised, .medium)])
        h.send("watch-1", ["body_temp": .number(39.1)])
        h.send("watch-1", ["body_temp": .number(37.9)])
        #expect(h.steps(.temperature) == [Step(.raised, .medium), Step(.escalated, .high)])
        h.send("watch-1", ["body_temp": .number(37.7)])
        #expect(h.steps(.temperature).last == Step(.resolved, .high))
        h.send("watch-1", ["skin_temp": .number(39.5)])
        #expect(h.steps(.temperature).count == 3)
    }

    @Test func apneaAfterTwentySecondsInBedAndClearsAfterBreathing() {
        let h = CoreHarness(settings: settings())
        h.send("vitals-1", ["in_bed": .bool(true), "resp_rate": .number(14)])
        h.send("vitals-1", ["resp_rate": .number(0)])
        h.advance(by: 19 * second)
        #expect(h.steps(.apnea).isEmpty)
        h.advance(by: 1 * second)
        #expect(h.steps(.apnea) == [Step(.raised, .high)])
        h.send("vitals-1", ["resp_rate": .number(12)])
        h.advance(by: 29 * second)
        #expect(h.steps(.apnea).count == 1)
        h.advance(by: 1 * second)
        #expect(h.steps(.apnea) == [Step(.raised, .high), Step(.resolved, .high)])
    }

    @Test func apneaEventCountsItsDurationAndEmptyBedIsNotApnea() {
        let h = CoreHarness(settings: settings())
        h.send("vitals-1", ["in_bed": .bool(true)])
        h.send("vitals-1", events: ["apnea"], eventData: [Reading("duration_s", .number(12))])
        h.advance(by: 7 * second)
        #expect(h.steps(.apnea).isEmpty)
        h.advance(by: 1 * second)
        #expect(h.steps(.apnea) == [Step(.raised, .high)])

        let empty = CoreHarness(settings: settings())
        empty.send("vitals-1", ["in_bed": .bool(false), "resp_rate": .number(0)])
        empty.advance(by: 5 * minute)
        #expect(empty.steps(.apnea).isEmpty)
    }
}
