import Testing

@testable import CareGateStorage

/// The purge planner as pure logic: surveys and policies in, steps out, no files or clocks.
@Suite struct RetentionPlannerTests {
    static let day: Int64 = 86_400_000

    private func plan(_ dataClass: RetentionClass, _ survey: ClassSurvey, _ limits: RetentionLimits) -> [PurgeStep] {
        RetentionPlanner.plan([dataClass: survey], policy: RetentionPolicy(limits: [dataClass: limits]))
    }

    @Test func agedRecordsGoOnlyAsFarAsEveryRequiredConsumerCommitted() {
        let survey = ClassSurvey(rows: 100, bytes: 100_000, purgeable: 40, expired: 40)
        #expect(plan(.telemetry, survey, RetentionLimits(maxAge: Self.day)) == [PurgeStep(.telemetry, .age, rows: 40)])
    }

    @Test func withoutAnAgeLimitNothingExpires() {
        let survey = ClassSurvey(rows: 100, bytes: 100_000, purgeable: 100, expired: 100)
        #expect(plan(.events, survey, RetentionLimits()) == [])
    }

    @Test func underItsBudgetAClassKeepsEverythingNotExpired() {
        let survey = ClassSurvey(rows: 100, bytes: 100_000, purgeable: 100, expired: 0)
        #expect(plan(.telemetry, survey, RetentionLimits(maxAge: Self.day, maxBytes: 100_000)) == [])
    }

    @Test func overBudgetTelemetryGoesCommittedFirstThenUncommittedOldestFirst() {
        // 1,000 bytes a row; after 10 aged rows 90,000 bytes remain, 40 rows over a 50,000 budget:
        // the 10 other committed rows, then 30 that the required consumer has not committed.
        let survey = ClassSurvey(rows: 100, bytes: 100_000, purgeable: 20, expired: 10)
        #expect(plan(.telemetry, survey, RetentionLimits(maxAge: Self.day, maxBytes: 50_000)) == [
            PurgeStep(.telemetry, .age, rows: 10),
            PurgeStep(.telemetry, .budgetCommitted, rows: 10),
            PurgeStep(.telemetry, .budgetForced, rows: 30),
        ])
    }

    @Test func aBudgetNeverForcesEventsOrAlertsPastTheRequiredConsumers() {
        let survey = ClassSurvey(rows: 100, bytes: 100_000, purgeable: 5, expired: 0)
        for dataClass in [RetentionClass.events, .alerts] {
            #expect(plan(dataClass, survey, RetentionLimits(maxBytes: 1_000)) == [PurgeStep(dataClass, .budgetCommitted, rows: 5)])
        }
    }

    @Test func aTinyBudgetEmptiesTheClassButNoMore() {
        let survey = ClassSurvey(rows: 100, bytes: 409_600, purgeable: 0, expired: 0)
        #expect(plan(.telemetry, survey, RetentionLimits(maxBytes: 0)) == [PurgeStep(.telemetry, .budgetForced, rows: 100)])
    }

    @Test func unsyncedClassesAreAllPurgeableAndGoOldestFirst() {
        let quarantine = ClassSurvey(rows: 50, bytes: 50_000, purgeable: 50, expired: 5)
        #expect(plan(.quarantine, quarantine, RetentionLimits(maxAge: Self.day, maxBytes: 20_000)) == [
            PurgeStep(.quarantine, .age, rows: 5), PurgeStep(.quarantine, .budgetCommitted, rows: 25),
        ])
    }

    @Test func everyClassIsPlannedByItsOwnLimits() {
        let survey: [RetentionClass: ClassSurvey] = [
            .telemetry: ClassSurvey(rows: 10, bytes: 10_000, purgeable: 10, expired: 3),
            .rollups: ClassSurvey(rows: 10, bytes: 10_000, purgeable: 10, expired: 7),
            .alerts: ClassSurvey(rows: 0, bytes: 4_096, purgeable: 0, expired: 0),
        ]
        let policy = RetentionPolicy(limits: [
            .telemetry: RetentionLimits(maxAge: Self.day), .rollups: RetentionLimits(maxAge: 365 * Self.day),
            .alerts: RetentionLimits(maxBytes: 0),
        ])
        #expect(RetentionPlanner.plan(survey, policy: policy) == [
            PurgeStep(.telemetry, .age, rows: 3), PurgeStep(.rollups, .age, rows: 7),
        ])
    }

    @Test func rollupMinutesStartOnTheMinute() {
        #expect(Rollup.minute(of: 1_795_312_859_999) == 1_795_312_800_000)
        #expect(Rollup.minute(of: 1_795_312_800_000) == 1_795_312_800_000)
    }

    @Test func rollupsMergeCountsExtremesAndTheLatestValue() {
        var accumulator = RollupAccumulator()
        accumulator.add(deviceId: "vr-1", metric: "heart_rate", value: 70, ts: 1_795_312_800_500)
        accumulator.add(deviceId: "vr-1", metric: "heart_rate", value: 90, ts: 1_795_312_830_000)
        accumulator.add(deviceId: "vr-1", metric: "heart_rate", value: 80, ts: 1_795_312_810_000)
        accumulator.add(deviceId: "vr-1", metric: "heart_rate", value: 60, ts: 1_795_312_860_000)
        let rollups = accumulator.rollups.values.sorted { $0.minute < $1.minute }
        #expect(rollups.count == 2)
        #expect(rollups[0].count == 3 && rollups[0].min == 70 && rollups[0].max == 90 && rollups[0].mean == 80)
        #expect(rollups[0].last == 90)
        #expect(rollups[1].count == 1 && rollups[1].last == 60)
    }
}
