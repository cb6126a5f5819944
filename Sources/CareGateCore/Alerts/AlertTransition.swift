/// One alert transition exactly as the outside world sees it: a line of the alert log, a message on
/// `care/{site}/gateway/alerts`, a record of `/v1/alerts/log` and an SSE event all carry this shape.
///
/// Times are milliseconds since the epoch (like device `ts`). `seq` is the gateway-wide sequence
/// assigned when the transition became durable; consumers de-duplicate on it (or on
/// `alertId` + `transition` + `at`).
public struct AlertTransition: Sendable, Hashable, Codable {
    public var seq: Int64
    public var alertId: String
    public var transition: AlertTransitionKind
    public var rule: String
    public var severity: AlertSeverity
    /// Escalation tier: 1 = the carers on duty for the room, 2 = all carers on the floor,
    /// 3 = shift lead / nurse, 4 = external (family, community emergency) per care plan.
    public var tier: Int
    public var site: String
    public var room: String?
    public var bed: String?
    public var deviceId: String
    public var kind: DeviceKind
    public var residentRef: String?
    /// The device time of the message that triggered the alert.
    public var sourceTs: EpochMillis
    public var raisedAt: EpochMillis
    /// When this transition happened.
    public var at: EpochMillis
    /// Who acknowledged, resolved or suppressed (staff id), or nil for the gateway itself.
    public var by: String?
    /// One readable sentence for the nurse station.
    public var message: String
    /// Rule-specific facts (thresholds, measured values, durations, correlated devices, ...).
    public var details: [String: MetricValue]

    public init(
        seq: Int64 = 0, alertId: String, transition: AlertTransitionKind, rule: String, severity: AlertSeverity,
        tier: Int, site: String, room: String?, bed: String?, deviceId: String, kind: DeviceKind,
        residentRef: String?, sourceTs: EpochMillis, raisedAt: EpochMillis, at: EpochMillis, by: String?,
        message: String, details: [String: MetricValue] = [:]
    ) {
        self.seq = seq
        self.alertId = alertId
        self.transition = transition
        self.rule = rule
        self.severity = severity
        self.tier = tier
        self.site = site
        self.room = room
        self.bed = bed
        self.deviceId = deviceId
        self.kind = kind
        self.residentRef = residentRef
        self.sourceTs = sourceTs
        self.raisedAt = raisedAt
        self.at = at
        self.by = by
        self.message = message
        self.details = details
    }
}
