import CareGateCore
import Foundation

/// One alert transition as a line a night nurse reads at a glance:
///
/// ```
/// 03:12:05  HIGH    RAISED       fall            room 101 bed A  R-0001  fr-0001  Fall detected (tier 1)
/// ```
/// Site-local time, severity first (red / yellow / cyan on a terminal), then what happened, where,
/// for whom, and the alert id to acknowledge it with.
public struct AlertLineFormat: Sendable {
    public var calendar: SiteCalendar
    public var color: Bool

    public init(calendar: SiteCalendar, color: Bool) {
        self.calendar = calendar
        self.color = color
    }

    public func line(_ transition: AlertTransition) -> String {
        let severity = transition.severity.rawValue.uppercased().padding(toLength: 6, withPad: " ", startingAt: 0)
        var place: [String] = []
        if let room = transition.room { place.append("room \(room)") }
        if let bed = transition.bed { place.append("bed \(bed)") }
        if place.isEmpty { place.append("unassigned") }
        var text = [
            time(transition.at), severity, transition.transition.rawValue.uppercased().padding(toLength: 12, withPad: " ", startingAt: 0),
            transition.rule.padding(toLength: 15, withPad: " ", startingAt: 0), place.joined(separator: " "),
            transition.residentRef ?? "-", transition.deviceId,
        ].joined(separator: "  ")
        text += "  \(transition.message)"
        if transition.tier > 1 { text += " (tier \(transition.tier))" }
        if let by = transition.by { text += " by \(by)" }
        text += "  [\(transition.alertId)]"
        guard color else { return text }
        let code: String
        switch transition.severity {
        case .high: code = "\u{1B}[1;31m"
        case .medium: code = "\u{1B}[33m"
        case .low: code = "\u{1B}[36m"
        }
        let dim = transition.transition == .resolved || transition.transition == .acknowledged
        return (dim ? "\u{1B}[2m" : code) + text + "\u{1B}[0m"
    }

    private func time(_ instant: EpochMillis) -> String {
        let minute = calendar.minuteOfDay(instant)
        let second = Int((instant / 1000) % 60)
        return String(format: "%02d:%02d:%02d", minute / 60, minute % 60, second)
    }
}
