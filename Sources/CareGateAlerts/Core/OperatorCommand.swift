import CareGateCore

/// A staff or operator action on alerts, from the HTTP API, the MQTT ack topic or the CLI.
public enum OperatorCommand: Sendable, Hashable {
    /// Someone is on it: stops re-notification and escalation (a high alert re-escalates if it is
    /// not resolved within `ack_timeout_high_s`).
    case acknowledge(alertId: String, by: String, note: String?)
    /// Closes the alert.
    case resolve(alertId: String, by: String, note: String?)
    /// Holds one alert back for `seconds` (default `operator_suppress_s`).
    case suppress(alertId: String, by: String, note: String?, seconds: Double?)
    /// Opens a suppression window: `staffPresent` (default 15 min), `residentAway` or `maintenance`
    /// (until ended, unless `until` is given). Maintenance needs a device scope.
    case beginSuppression(SuppressionScope, reason: SuppressionReason, by: String, until: EpochMillis?)
    /// Ends the scope's windows of `reason`; alerts they held go out again if still open.
    case endSuppression(SuppressionScope, reason: SuppressionReason, by: String)
}

/// What a suppression window applies to.
public enum SuppressionScope: Sendable, Hashable {
    /// A resident: every alert about them (staff present, away).
    case resident(String)
    /// A device: for maintenance, the alerts it causes; otherwise the subject it serves.
    case device(String)
}

/// Why an operator command was refused. Crosses into the HTTP layer, which maps codes to statuses.
public struct AlertOperationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code the API can match on.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No open alert has this id (never existed, or already resolved).
        public static let notFound = Code(rawValue: "not_found")
        /// The alert is already acknowledged.
        public static let alreadyAcknowledged = Code(rawValue: "already_acknowledged")
        /// The command does not make sense (maintenance on a resident, an empty staff id, ...).
        public static let invalid = Code(rawValue: "invalid")
        /// The engine is shutting down and accepts no more commands.
        public static let shuttingDown = Code(rawValue: "shutting_down")
    }

    public var code: Code
    public var alertId: String?
    public var reason: String

    public init(_ code: Code, alertId: String? = nil, _ reason: String) {
        self.code = code
        self.alertId = alertId
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
