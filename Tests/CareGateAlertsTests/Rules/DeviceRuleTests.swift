@testable import CareGateAlerts
import CareGateCore
import Testing

/// Supervision, battery, wearing and examination rules.
@Suite struct DeviceRuleTests {
    let second = Fixture.second
    let minute = Fixture.minute

    @Test func silentSafetyCriticalDeviceGoesMediumThenHighAndResolvesWhenHeard() {
        let h = CoreHarness(settings: settings())
        h.supervise(DeviceSupervision(deviceId: "radar-1", safetyCritical: true), device: "radar-1")
        h.advance(by: 2 * minute - 1)
        #expect(h.steps(.deviceOffline).isEmpty)
        h.advance(by: 1)
        #expect(h.steps(.deviceOffline) == [Step(.raised, .medium)])
        h.advance(to: Fixture.morning + 15 * minute)
        #expect(h.steps(.deviceOffline) == [Step(.raised, .medium), Step(.escalated, .high)])
        #expect(h.transitions.last?.message.contains("manual rounds required") == true)
        h.send("radar-1", ["presence": .bool(true)])
        #expect(h.steps(.deviceOffline).last == Step(.resolved, .high))
    }

    @Test func messagesKeepADeviceQuietAndKeepAliveStretchesTheThreshold() {
        let h = CoreHarness(settings: settings())
        h.supervise(DeviceSupervision(deviceId: "radar-1", safetyCritical: true, keepAliveSeconds: 600), device: "radar-1")
        h.advance(by: 14 * minute)
        #expect(h.steps(.deviceOffline).isEmpty)
        h.advance(by: 1 * minute)
        #expect(h.steps(.deviceOffline) == [Step(.raised, .medium)])

        let chatty = CoreHarness(settings: settings())
        chatty.supervise(DeviceSupervision(deviceId: "radar-1", safetyCritical: true), device: "radar-1")
        for _ in 0..<10 {
            chatty.advance(by: 90 * second)
            chatty.send("radar-1", ["presence": .bool(false)])
        }
        #expect(chatty.steps(.deviceOffline).isEmpty)
    }

    @Test func callButtonsHaveADailySupervisoryWindow() {
        let h = CoreHarness(settings: settings())
        h.supervise(DeviceSupervision(deviceId: "pendant-1", safetyCritical: true), device: "pendant-1")
        h.advance(by: 23 * 3_600_000)
        #expect(h.steps(.deviceOffline).isEmpty)
        h.advance(by: 3_600_000)
        #expect(h.steps(.deviceOffline) == [Step(.raised, .medium)])
    }

    @Test func lastWillOfflineRaisesAfterAShortGraceUnlessTheDeviceReturns() {
        let h = CoreHarness(settings: settings())
        h.supervise(DeviceSupervision(deviceId: "radar-1", safetyCritical: true), device: "radar-1")
        h.send("radar-1", role: .availability, online: false)
        h.advance(by: 29 * second)
        #expect(h.steps(.deviceOffline).isEmpty)
        h.advance(by: 1 * second)
        #expect(h.steps(.deviceOffline) == [Step(.raised, .medium)])

        let reboot = CoreHarness(settings: settings())
        reboot.supervise(DeviceSupervision(deviceId: "radar-1", safetyCritical: true), device: "radar-1")
        reboot.send("radar-1", role: .availability, online: false)
        reboot.advance(by: 10 * second)
        reboot.send("radar-1", role: .availability, online: true)
        reboot.advance(by: 60 * second)
        #expect(reboot.steps(.deviceOffline).isEmpty)
    }

    @Test func unsupervisedDevicesAreNotWatched() {
        let h = CoreHarness(settings: settings())
        h.supervise(DeviceSupervision(deviceId: "watch-1", safetyCritical: false), device: "watch-1")
        h.advance(by: 60 * minute)
        #expect(h.steps(.deviceOffline).isEmpty)
    }

    @Test func wearableBatteryLowAtTwentyMediumAtTen() {
        let h = CoreHarness(settings: settings())
        h.send("watch-1", ["battery": .number(21)])
        #expect(h.steps(.lowBattery).isEmpty)
        h.send("watch-1", ["battery": .number(20)])
        #expect(h.steps(.lowBattery) == [Step(.raised, .low)])
        h.send("watch-1", ["battery": .number(10)])
        #expect(h.steps(.lowBattery) == [Step(.raised, .low), Step(.escalated, .medium)])
        h.send("watch-1", ["battery": .number(24)])
        #expect(h.steps(.lowBattery).count == 2)
        h.send("watch-1", ["battery": .number(26)])
        #expect(h.steps(.lowBattery).last == Step(.resolved, .medium))
    }

    @Test func wheelchairBatteryByPercentOrVoltage() {
        let percent = CoreHarness(settings: settings())
        percent.send("chair-1", ["battery": .number(26)])
        percent.send("chair-1", ["battery": .number(25)])
        #expect(percent.steps(.lowBattery) == [Step(.raised, .medium)])

        let volts = CoreHarness(settings: settings())
        volts.send("chair-1", ["battery_v": .number(23.3)])
        #expect(volts.steps(.lowBattery).isEmpty)
        volts.send("chair-1", ["battery_v": .number(23.2)])
        #expect(volts.steps(.lowBattery) == [Step(.raised, .medium)])
    }

    @Test func notWornForThirtyMinutesWhileAwake() {
        let h = CoreHarness(settings: settings())
        h.send("watch-1", ["worn": .bool(false)])
        h.advance(by: 30 * minute - 1)
        #expect(h.steps(.notWorn).isEmpty)
        h.advance(by: 1)
        #expect(h.steps(.notWorn) == [Step(.raised, .low)])
        h.send("watch-1", ["worn": .bool(true)])
        #expect(h.steps(.notWorn).last == Step(.resolved, .low))
    }

    @Test func nightTimeDoesNotCountAsNotWorn() {
        let h = CoreHarness(settings: settings(), at: Fixture.local(21, 45))
        h.send("watch-1", events: ["removed"])
        h.advance(to: Fixture.local(6, 29, day: 1))
        #expect(h.steps(.notWorn).isEmpty)
        h.advance(to: Fixture.local(6, 30, day: 1))
        #expect(h.steps(.notWorn) == [Step(.raised, .low)])
    }

    @Test func hoistExaminationDueFourteenDaysBeforeSixMonths() {
        let day: EpochMillis = 86_400_000
        let overdue = CoreHarness(settings: settings())
        overdue.send("hoist-1", ["last_exam": .number(Double(Fixture.morning - 170 * day))])
        #expect(overdue.steps(.hoistExam) == [Step(.raised, .low)])
        #expect(overdue.open(.hoistExam)?.key.subject == .device("hoist-1"))
        overdue.send("hoist-1", ["last_exam": .text("2026-11-20")])
        #expect(overdue.steps(.hoistExam).last == Step(.resolved, .low))

        let fresh = CoreHarness(settings: settings())
        fresh.send("hoist-1", ["last_exam": .number(Double(Fixture.morning - 160 * day))])
        fresh.advance(by: 9 * day - 1)
        #expect(fresh.steps(.hoistExam).isEmpty)
        fresh.advance(by: 1)
        #expect(fresh.steps(.hoistExam) == [Step(.raised, .low)])
    }
}
