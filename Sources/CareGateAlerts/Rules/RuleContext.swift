import CareGateCore

/// Everything a rule may read besides its state and input: the time, its settings, the resident's
/// care plan, the site calendar and what the subject's other devices last said.
public struct RuleContext: Sendable {
    public let now: EpochMillis
    public let settings: RuleSettingsView
    public let resident: ResidentRecord?
    public let calendar: SiteCalendar
    /// The resident's night window, or the site default.
    public let nightWindow: NightWindow
    /// The rule's open alert for this key, if any.
    public let openAlert: OpenAlertView?
    public let facts: SubjectFacts

    public init(
        now: EpochMillis, settings: RuleSettingsView, resident: ResidentRecord?, calendar: SiteCalendar,
        nightWindow: NightWindow, openAlert: OpenAlertView?, facts: SubjectFacts
    ) {
        self.now = now
        self.settings = settings
        self.resident = resident
        self.calendar = calendar
        self.nightWindow = nightWindow
        self.openAlert = openAlert
        self.facts = facts
    }

    /// Whether `instant` (default: now) lies inside the resident's night window, site-local.
    public func isNight(_ instant: EpochMillis? = nil) -> Bool {
        nightWindow.contains(minuteOfDay: calendar.minuteOfDay(instant ?? now))
    }
}

/// What a rule sees of its open alert.
public struct OpenAlertView: Sendable, Equatable {
    public var severity: AlertSeverity
    public var status: AlertStatus
    public var raisedAt: EpochMillis
}

/// Volatile facts about a subject that several rules share (the latest `in_bed`), rebuilt from
/// messages after a restart rather than persisted.
public struct SubjectFacts: Sendable, Equatable {
    /// The latest `in_bed` reported by any of the subject's devices.
    public var inBed: Bool?

    public init(inBed: Bool? = nil) { self.inBed = inBed }

    mutating func observe(_ message: DeviceMessage) {
        if let value = message.flag("in_bed") { inBed = value }
        if message.hasEvent("bed_exit") { inBed = false }
        if message.hasEvent("bed_enter") { inBed = true }
    }
}
