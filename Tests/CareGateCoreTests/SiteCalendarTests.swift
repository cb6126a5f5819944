import CareGateCore
import Testing

@Suite struct SiteCalendarTests {
    let shanghai = SiteCalendar(identifier: "Asia/Shanghai")!

    @Test func minuteOfDayUsesTheSiteOffset() {
        // 2026-11-22T14:30:00Z is 22:30 in Shanghai (UTC+8).
        #expect(shanghai.minuteOfDay(1_795_357_800_000) == 22 * 60 + 30)
    }

    @Test func dayBoundariesAndISODates() {
        let instant: EpochMillis = 1_795_357_800_000  // 2026-11-22 22:30 local
        let day = shanghai.dayNumber(instant)
        #expect(shanghai.isoDate(day: day) == "2026-11-22")
        // Local midnight of that day is 16:00Z the day before.
        #expect(shanghai.startOfDay(day) == 1_795_276_800_000)
        #expect(shanghai.isoDate(day: day + 1) == "2026-11-23")
    }

    @Test func nightWindowWrapsPastMidnight() {
        let night = NightWindow.standard
        #expect(night.contains(minuteOfDay: 22 * 60))
        #expect(night.contains(minuteOfDay: 3 * 60))
        #expect(!night.contains(minuteOfDay: 6 * 60))
        #expect(!night.contains(minuteOfDay: 21 * 60 + 59))
        #expect(night.description == "22:00-06:00")
    }

    @Test func nightWindowParsing() {
        #expect(NightWindow(parsing: "21:30-07:15") == NightWindow(startMinute: 1290, endMinute: 435))
        #expect(NightWindow(parsing: "25:00-06:00") == nil)
        #expect(NightWindow(parsing: "22:00") == nil)
        let day = NightWindow(parsing: "13:00-15:00")!
        #expect(day.contains(minuteOfDay: 14 * 60))
        #expect(!day.contains(minuteOfDay: 16 * 60))
    }
}
