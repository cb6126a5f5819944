import Foundation
@testable import CareGateAlerts
import CareGateCore
import Testing

@Suite struct AlertSettingsTests {
    @Test func unknownRulesSettingsAndBadValuesAreReportedWithTheirPath() {
        let (settings, issues) = AlertSettings.validated([
            "heart_rate": ["high_abov": 120, "high_above": 125],
            "hart_rate": ["high_above": 1],
            "spo2": ["high_after_s": -5],
            "low_battery@": ["low_at": 30],
        ])
        #expect(issues.map(\.path) == [["hart_rate"], ["heart_rate", "high_abov"], ["low_battery@"], ["spo2", "high_after_s"]])
        #expect(issues[0].reason.hasPrefix("unknown rule 'hart_rate'"))
        #expect(issues[1].description.hasPrefix("heart_rate.high_abov: unknown setting 'high_abov' for rule 'heart_rate'"))
        #expect(settings.view(rule: .heartRate, kind: nil, resident: nil)[HeartRateRule.highAbove] == 125)
        #expect(settings.view(rule: .spo2, kind: nil, resident: nil)[SpO2Rule.highAfter] == 15)
    }

    @Test func precedenceIsResidentThenSiteKindThenSiteThenKindDefaultThenDefault() {
        let (settings, issues) = AlertSettings.validated([
            "low_battery": ["low_at": 30],
            "low_battery@call-button": ["low_at": 35],
        ])
        #expect(issues.isEmpty)
        let spec = LowBatteryRule.lowAt
        #expect(AlertSettings().view(rule: .lowBattery, kind: .wearable, resident: nil)[spec] == 20)
        #expect(AlertSettings().view(rule: .lowBattery, kind: .wheelchair, resident: nil)[spec] == 25)
        #expect(settings.view(rule: .lowBattery, kind: .wheelchair, resident: nil)[spec] == 30)
        #expect(settings.view(rule: .lowBattery, kind: .callButton, resident: nil)[spec] == 35)
        let resident = Fixture.resident(overrides: ["low_battery": ["low_at": 40]])
        #expect(settings.view(rule: .lowBattery, kind: .callButton, resident: resident)[spec] == 40)
    }

    @Test func residentOverridesAreValidatedToo() {
        let issues = AlertSettings.issues(inResidentOverrides: ["bed_exit": ["standard_return_s": 600, "typo": 1]])
        #expect(issues.map(\.path) == [["bed_exit", "typo"]])
    }

    @Test func lifecycleSectionConfiguresCadenceAndLadder() {
        let (settings, issues) = AlertSettings.validated(["lifecycle": ["renotify_high_s": 5, "escalate_medium_tier2_s": 120]])
        #expect(issues.isEmpty)
        #expect(settings.lifecycle.renotifyInterval(.high) == 5000)
        #expect(settings.lifecycle.ladder(.medium) == [120_000, 900_000])
        #expect(settings.lifecycle.ladder(.low).isEmpty)
        #expect(settings.lifecycle.escalationGap(.high, fromTier: 2) == 120_000)
        #expect(settings.lifecycle.escalationGap(.high, fromTier: 4) == nil)
    }

    @Test func everyRuleDeclaresUniqueSettingNames() {
        for section in RuleCatalog.settingSections {
            let names = RuleCatalog.settings(of: section)?.map(\.name) ?? []
            #expect(Set(names).count == names.count, "duplicate setting in \(section)")
        }
        #expect(Set(RuleCatalog.ruleIDs).count == RuleCatalog.ruleIDs.count)
        #expect(RuleCatalog.ruleIDs.count == 18)
    }

    @Test func ruleStatesRoundTripThroughJSON() throws {
        var fall = FallRule.State()
        fall.phase = .confirmed
        fall.devices = ["radar-1", "watch-1"]
        fall.longLieAt = 42
        let record = RuleStateRecord(
            key: AlertKey(subject: .resident("r1"), rule: .fall), state: AnyRuleState(rule: .fall, value: fall))
        let data = try JSONEncoder().encode(record)
        let decoded = try JSONDecoder().decode(RuleStateRecord.self, from: data)
        #expect(decoded.key == record.key)
        #expect(decoded.state?.value as? FallRule.State == fall)
    }
}
