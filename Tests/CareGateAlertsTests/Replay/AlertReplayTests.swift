import CareGateAlerts
import CareGateCore
import Testing

@Suite struct AlertReplayTests {
    let minute = Fixture.minute

    /// A recorded night: one resident's heart rate climbs to 125 for 10 min at 01:00, then to 135
    /// for 2 min at 03:00; they get up at 02:00 and stay up 25 min; the pendant fires twice at
    /// 04:00 and the broker redelivers one press.
    func night() -> [DeviceMessage] {
        var messages: [DeviceMessage] = []
        var seq: Int64 = 0
        func add(_ device: DeviceRecord, _ at: EpochMillis, _ readings: [Reading] = [], events: [String] = []) {
            seq += 1
            messages.append(DeviceMessage(
                deviceId: device.deviceId, profileId: device.profile, kind: device.kind,
                role: events.isEmpty ? .telemetry : .event, topic: "t", sourceTs: at, stampedByGateway: false,
                seq: seq, receivedAt: at, retained: false, qos: 1, readings: readings,
                events: events.map { DeviceEvent(type: $0) }))
        }
        for m in 0..<600 where m % 5 == 0 {
            let at = Fixture.local(0, 0, day: 1) + EpochMillis(m) * minute
            let hr: Double = (60..<70).contains(m) ? 125 : (180..<182).contains(m) ? 135 : 70
            add(Fixture.watch, at, [Reading("heart_rate", .number(hr))])
        }
        for m in 60..<70 { add(Fixture.watch, Fixture.local(1, m - 60, day: 1), [Reading("heart_rate", .number(125))]) }
        for s in 0..<3 { add(Fixture.watch, Fixture.local(3, 0, s * 50, day: 1), [Reading("heart_rate", .number(135))]) }
        add(Fixture.bed, Fixture.local(2, 0, day: 1), [Reading("in_bed", .bool(false))])
        add(Fixture.bed, Fixture.local(2, 25, day: 1), [Reading("in_bed", .bool(true))])
        add(Fixture.pendant, Fixture.local(4, 0, day: 1), events: ["sos"])
        messages.append(messages.last!)
        add(Fixture.pendant, Fixture.local(4, 0, 4, day: 1), events: ["sos"])
        return messages.sorted { $0.receivedAt < $1.receivedAt }
    }

    func replay(_ overrides: [String: [String: Double]]) -> ReplayReport {
        let (settings, issues) = AlertSettings.validated(overrides)
        precondition(issues.isEmpty)
        return AlertReplay(
            site: "site-a", calendar: Fixture.calendar, settings: settings, devices: Fixture.devices,
            residents: [Fixture.resident()]
        ).run(night(), until: Fixture.local(10, 0, day: 1))
    }

    @Test func countsAlertsPerRuleAndSeverityWithTheCatalogueDefaults() {
        let report = replay([:])
        #expect(report.alerts(.heartRate, severity: .medium) == 1)
        #expect(report.alerts(.heartRate, severity: .high) == 1)
        #expect(report.alerts(.bedExit, severity: .medium) == 1)
        #expect(report.alerts(.sos) == 1)
        #expect(report.duplicatesIgnored == 1)
        #expect(report.transitionCounts[.raised] == 4)
    }

    @Test func changedSettingsChangeTheCounts() {
        let report = replay(["heart_rate": ["medium_above": 130, "high_after_s": 600, "medium_after_s": 600], "bed_exit": ["standard_return_s": 1800]])
        #expect(report.alerts(.heartRate) == 0)
        #expect(report.alerts(.bedExit) == 0)
        #expect(report.alerts(.sos) == 1)
    }

    @Test func replayIsDeterministic() {
        #expect(replay([:]).transitions == replay([:]).transitions)
    }
}
