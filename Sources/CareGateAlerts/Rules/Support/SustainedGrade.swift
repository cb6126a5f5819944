import CareGateCore

/// The state machine behind the vital-sign rules: how long a value has stayed in a medium or a
/// high band, and how long it has been back in the normal band since an alert (the hysteresis).
///
/// "Sustained" means the last reading's band held for the whole duration; sparse sources (a watch
/// measuring every 5 minutes) therefore count their last value until the next one. Only band
/// changes mutate the state, so steady 1 Hz readings cost no store writes.
public struct SustainedGrade: RuleStateValue {
    /// Grade of a reading: normal, inside the medium band, or inside the high band.
    public enum Grade: Int, Sendable, Codable {
        case normal = 0
        case medium = 1
        case high = 2
    }

    /// Grade ≥ medium continuously since.
    public var mediumSince: EpochMillis?
    /// Grade high continuously since.
    public var highSince: EpochMillis?
    /// Back to normal since, tracked while an alert is open.
    public var normalSince: EpochMillis?
    /// The severity this rule has triggered at, while its alert is open.
    public var alerted: AlertSeverity?
    /// The reading that started the current abnormal stretch (for the alert's sentence).
    public var onsetValue: Double?
    public var deviceId: String?
    public var due: EpochMillis?

    public init() {}
    public var nextDeadline: EpochMillis? { due }

    /// Durations of a vital-sign rule; `medium` is nil for rules with a single (high) band.
    struct Durations {
        var high: EpochMillis
        var medium: EpochMillis?
        var clear: EpochMillis
    }

    enum Outcome: Equatable {
        case raise(AlertSeverity)
        case clear
    }

    mutating func observe(_ grade: Grade, value: Double, deviceId: String, now: EpochMillis) {
        if grade != .normal {
            if mediumSince == nil {
                mediumSince = now
                onsetValue = value
                self.deviceId = deviceId
            }
        } else {
            mediumSince = nil
        }
        if grade == .high {
            if highSince == nil {
                highSince = now
                onsetValue = value
                self.deviceId = deviceId
            }
        } else {
            highSince = nil
        }
        if grade == .normal {
            if alerted != nil, normalSince == nil { normalSince = now }
            if alerted == nil {
                onsetValue = nil
                self.deviceId = nil
            }
        } else {
            normalSince = nil
        }
    }

    /// Staff resolved the alert while the value may still be abnormal: a new alert needs a new,
    /// full sustain period from now.
    mutating func restartAfterResolution(now: EpochMillis, durations: Durations) {
        alerted = nil
        normalSince = nil
        if highSince != nil { highSince = now }
        if mediumSince != nil { mediumSince = now }
        if mediumSince == nil { onsetValue = nil; deviceId = nil }
        reschedule(durations)
    }

    mutating func evaluate(now: EpochMillis, durations: Durations) -> Outcome? {
        var outcome: Outcome?
        if alerted != .high, let since = highSince, now - since >= durations.high {
            alerted = .high
            outcome = .raise(.high)
        } else if alerted == nil, let medium = durations.medium, let since = mediumSince, now - since >= medium {
            alerted = .medium
            outcome = .raise(.medium)
        } else if alerted != nil, let since = normalSince, now - since >= durations.clear {
            self = SustainedGrade()
            outcome = .clear
        }
        reschedule(durations)
        return outcome
    }

    private mutating func reschedule(_ durations: Durations) {
        var candidates: [EpochMillis] = []
        if alerted != .high, let since = highSince { candidates.append(since + durations.high) }
        if alerted == nil, let medium = durations.medium, let since = mediumSince { candidates.append(since + medium) }
        if alerted != nil, let since = normalSince { candidates.append(since + durations.clear) }
        due = candidates.min()
    }
}

/// Shared shape of the heart-rate, respiration and SpO2 rules.
struct VitalSign {
    var metric: String
    var label: String
    var unit: String

    func outputs(
        _ outcome: SustainedGrade.Outcome?, state: SustainedGrade, durations: SustainedGrade.Durations,
        context: RuleContext, thresholds: [String: MetricValue]
    ) -> [RuleOutput] {
        switch outcome {
        case nil:
            return []
        case .clear:
            return [.clear(reason: "\(label) back in the normal range for \(formattedDuration(durations.clear))")]
        case .raise(let severity):
            let value = state.onsetValue ?? 0
            let held = severity == .high ? durations.high : (durations.medium ?? durations.high)
            var details = thresholds
            details[metric] = .number(value)
            details["sustained_s"] = .number(Double(held) / 1000)
            return [.trigger(RuleTrigger(
                severity, "\(label) \(formatted(value)) \(unit) for \(formattedDuration(held))",
                deviceId: state.deviceId ?? "", sourceTs: context.now, details: details))]
        }
    }
}

extension RuleContext {
    /// Whether a vital-sign reading from `device` is trustworthy: bed and bedside sensors measure
    /// nothing meaningful while the resident is out of bed.
    func vitalsValid(_ message: DeviceMessage, device: DeviceRecord) -> Bool {
        guard device.kind == .vitalsRadar || device.kind == .careBed else { return true }
        return facts.inBed != false && message.flag("presence") != false
    }
}
