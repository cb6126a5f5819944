import CareGateCore
import Testing

@Suite struct DaySplitterTests {
    let calendar = SiteCalendar(identifier: "Asia/Shanghai")!
    let day: Int64 = 20_157

    func pieces(_ amount: Int64, from: EpochMillis, to: EpochMillis) -> [Int64: Int64] {
        var pieces: [Int64: Int64] = [:]
        DaySplitter(calendar: calendar).split(amount, from: from, to: to) { pieces[$0, default: 0] += $1 }
        return pieces
    }

    @Test func aSpanAcrossMidnightIsSplitByTime() {
        let midnight = calendar.startOfDay(day + 1)
        #expect(pieces(900_000, from: midnight - 600_000, to: midnight + 300_000) == [day: 600_000, day + 1: 300_000])
    }

    @Test func aSpanEndingAtMidnightBelongsToTheDayBefore() {
        let midnight = calendar.startOfDay(day + 1)
        #expect(pieces(60_000, from: midnight - 60_000, to: midnight) == [day: 60_000])
    }

    @Test func remaindersLandOnTheLastDaySoPiecesAddUpExactly() {
        let midnight = calendar.startOfDay(day + 1)
        let split = pieces(7, from: midnight - 1_000, to: midnight + 2_000)
        #expect(split == [day: 2, day + 1: 5])
        let long = pieces(1_000_003, from: calendar.startOfDay(day) + 1, to: calendar.startOfDay(day + 3) - 1)
        #expect(long.count == 3 && long.values.reduce(0, +) == 1_000_003)
    }

    @Test func anEmptySpanGoesToTheDayOfItsEnd() {
        let instant = calendar.startOfDay(day) + 5
        #expect(pieces(42, from: instant, to: instant) == [day: 42])
    }
}
