/// Where an alert stands in its life.
public enum AlertStatus: String, Sendable, Hashable, Codable {
    /// Raised and not yet acknowledged: re-notifies and climbs the escalation ladder.
    case active
    /// Someone is on it; re-escalates if it is not resolved in time (high).
    case acknowledged
    /// Held back (staff present, resident away, device maintenance, or an operator's decision);
    /// becomes active again when the suppression ends, if still open.
    case suppressed
    /// Closed, by staff or (for state rules) by its condition clearing.
    case resolved
}

/// Why an alert is held back.
public enum SuppressionReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// Staff are with the resident; expires by itself (15 min by default). Holds medium and low
    /// alerts: a high alert is never held, since the staff in the room need it too.
    case staffPresent = "staff_present"
    /// The resident is away (hospital, family visit); holds medium and low alerts until cleared.
    case residentAway = "resident_away"
    /// A device is being serviced; holds every alert that device causes until cleared.
    case maintenance
    /// An operator suppressed one alert for a while.
    case `operator`
}
