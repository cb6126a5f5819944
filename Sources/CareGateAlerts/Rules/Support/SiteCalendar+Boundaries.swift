import CareGateCore

extension SiteCalendar {
    /// The first instant strictly after `instant` at which the local clock reads `minuteOfDay`:00.
    ///
    /// Whole-minute arithmetic on the local minute: exact for zones without daylight saving (the
    /// care homes this serves); across a DST change it may be off by that change, once a year.
    func next(minuteOfDay target: Int, after instant: EpochMillis) -> EpochMillis {
        let current = minuteOfDay(instant)
        let minuteStart = instant - ((instant % 60_000) + 60_000) % 60_000
        var delta = (target - current + 1440) % 1440
        if delta == 0 { delta = 1440 }
        let candidate = minuteStart + EpochMillis(delta) * 60_000
        return candidate > instant ? candidate : candidate + 86_400_000
    }
}

extension RuleContext {
    /// When the night window containing or following `instant` ends.
    func nightEnd(after instant: EpochMillis) -> EpochMillis {
        calendar.next(minuteOfDay: nightWindow.endMinute, after: instant)
    }

    /// When the next night window starts after `instant`.
    func nightStart(after instant: EpochMillis) -> EpochMillis {
        calendar.next(minuteOfDay: nightWindow.startMinute, after: instant)
    }
}
