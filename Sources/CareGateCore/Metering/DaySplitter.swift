/// Splits an amount spread over a span of time across the site-local days the span touches, in
/// proportion to the time in each day.
///
/// Integer arithmetic with the remainder on the last day keeps the pieces summing to the amount
/// exactly; for an in-use span measured in milliseconds the pieces are the exact overlaps.
public struct DaySplitter: Sendable {
    public let calendar: SiteCalendar

    public init(calendar: SiteCalendar) {
        self.calendar = calendar
    }

    /// Calls `body(day, piece)` for each day `[from, to)` touches. An empty span (`from == to`)
    /// gives the whole amount to the day of `to`: a point in time, or a delta whose spread is
    /// unknown.
    public func split(_ amount: Int64, from: EpochMillis, to: EpochMillis, _ body: (Int64, Int64) -> Void) {
        guard to > from else {
            body(calendar.dayNumber(to), amount)
            return
        }
        var day = calendar.dayNumber(from)
        let lastDay = calendar.dayNumber(to - 1)
        guard day != lastDay, amount != 0 else {
            body(lastDay, amount)
            return
        }
        let span = to - from
        var start = from
        var given: Int64 = 0
        while day < lastDay {
            let end = calendar.startOfDay(day + 1)
            let piece = amount.multipliedFullWidth(by: end - start)
            let share = Int64(truncatingIfNeeded: span.dividingFullWidth((piece.high, piece.low)).quotient)
            body(day, share)
            given += share
            start = end
            day += 1
        }
        body(lastDay, amount - given)
    }
}
