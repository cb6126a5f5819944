import CareGateCore

/// A hoist's thorough examination (LOLER: every 6 months) coming due: low, 14 days before.
/// The hoist reports `last_exam` as epoch milliseconds, epoch seconds, or a `YYYY-MM-DD` date.
/// A newer examination resolves it.
public struct HoistExamRule: AlertRule {
    public static let id = RuleID.hoistExam
    public static let scope = RuleScope.device

    public static let intervalDays = SettingSpec("interval_days", 183, unit: "days", "Examination interval (6 months)")
    public static let warnDays = SettingSpec("warn_days", 14, unit: "days", "Warn this long before it is due")
    public static let settings = [intervalDays, warnDays]

    /// The last examination and the warning deadline.
    public struct State: RuleStateValue {
        public var lastExam: EpochMillis?
        public var deviceId: String?
        public var alerted = false
        public var due: EpochMillis?
        public init() {}
        public var nextDeadline: EpochMillis? { due }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        message.readings["last_exam"] != nil
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        let s = context.settings
        let day: EpochMillis = 86_400_000
        switch input {
        case .message(let message, let device):
            guard let exam = Self.instant(message.readings["last_exam"]) else { return [] }
            if let previous = state.lastExam, exam <= previous { return [] }
            let wasAlerted = state.alerted
            state.lastExam = exam
            state.deviceId = device.deviceId
            state.alerted = false
            state.due = exam + EpochMillis((s[Self.intervalDays] - s[Self.warnDays]) * Double(day))
            if wasAlerted && context.now < state.due ?? 0 { return [.clear(reason: "Thorough examination recorded")] }
        case .tick:
            break
        case .staff(.resolved):
            // Acknowledged by resolving it; it is raised again only by a later examination date.
            state.due = nil
            state.alerted = true
            return []
        case .staff(.acknowledged), .supervision:
            return []
        }
        guard !state.alerted, let due = state.due, let exam = state.lastExam, context.now >= due else { return [] }
        state.alerted = true
        state.due = nil
        let dueAt = exam + EpochMillis(s[Self.intervalDays] * Double(day))
        return [.trigger(RuleTrigger(
            .low, "Hoist thorough examination due by \(context.calendar.isoDate(day: context.calendar.dayNumber(dueAt)))",
            deviceId: state.deviceId ?? "", sourceTs: context.now,
            details: ["last_exam": .number(Double(exam)), "due_at": .number(Double(dueAt))]))]
    }

    /// `last_exam` as an instant: epoch ms, epoch seconds (< 10^11), or `YYYY-MM-DD` (UTC midnight).
    static func instant(_ value: MetricValue?) -> EpochMillis? {
        switch value {
        case .number(let n) where n > 0: return n < 1e11 ? EpochMillis(n * 1000) : EpochMillis(n)
        case .text(let text):
            let parts = text.prefix(10).split(separator: "-").compactMap { Int64($0) }
            guard parts.count == 3 else { return nil }
            return daysFromCivil(parts[0], parts[1], parts[2]) * 86_400_000
        default: return nil
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
