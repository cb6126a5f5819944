import CareGateCore

/// An alert as `/v1/alerts` returns it: where it stands, what raised it, and the response-time
/// evidence an inspection asks for (when it was raised, first reached staff, acknowledged and
/// resolved, by whom).
public struct AlertView: Codable, Sendable, Hashable {
    public var id: String
    public var rule: String
    public var severity: AlertSeverity
    public var tier: Int
    /// `active`, `acknowledged`, `suppressed` or `resolved`.
    public var status: String
    public var site: String
    public var room: String?
    public var bed: String?
    public var deviceId: String
    public var kind: String
    public var residentRef: String?
    public var message: String
    public var details: [String: MetricValue]
    /// Every device that contributed (a correlated radar and watch fall lists both).
    public var devices: [String]
    public var triggerCount: Int
    public var lastTriggerAt: EpochMillis
    public var suppression: String?
    public var suppressedUntil: EpochMillis?
    public var evidence: Evidence

    /// Response-time evidence; times are milliseconds since the epoch.
    public struct Evidence: Codable, Sendable, Hashable {
        public var sourceTs: EpochMillis
        public var receivedAt: EpochMillis
        public var raisedAt: EpochMillis
        public var firstNotifiedAt: EpochMillis?
        public var acknowledgedAt: EpochMillis?
        public var acknowledgedBy: String?
        public var acknowledgeNote: String?
        public var resolvedAt: EpochMillis?
        public var resolvedBy: String?
        public var resolution: String?
        /// From raise to the first acknowledgement.
        public var secondsToAcknowledge: Double?
        /// From raise to resolution.
        public var secondsToResolve: Double?

        public init(
            sourceTs: EpochMillis, receivedAt: EpochMillis, raisedAt: EpochMillis, firstNotifiedAt: EpochMillis?,
            acknowledgedAt: EpochMillis?, acknowledgedBy: String?, acknowledgeNote: String?, resolvedAt: EpochMillis?,
            resolvedBy: String?, resolution: String?
        ) {
            self.sourceTs = sourceTs
            self.receivedAt = receivedAt
            self.raisedAt = raisedAt
            self.firstNotifiedAt = firstNotifiedAt
            self.acknowledgedAt = acknowledgedAt
            self.acknowledgedBy = acknowledgedBy
            self.acknowledgeNote = acknowledgeNote
            self.resolvedAt = resolvedAt
            self.resolvedBy = resolvedBy
            self.resolution = resolution
            secondsToAcknowledge = acknowledgedAt.map { Double($0 - raisedAt) / 1000 }
            secondsToResolve = resolvedAt.map { Double($0 - raisedAt) / 1000 }
        }
    }

    public init(
        id: String, rule: String, severity: AlertSeverity, tier: Int, status: String, site: String, room: String?,
        bed: String?, deviceId: String, kind: String, residentRef: String?, message: String,
        details: [String: MetricValue], devices: [String], triggerCount: Int, lastTriggerAt: EpochMillis,
        suppression: String?, suppressedUntil: EpochMillis?, evidence: Evidence
    ) {
        self.id = id
        self.rule = rule
        self.severity = severity
        self.tier = tier
        self.status = status
        self.site = site
        self.room = room
        self.bed = bed
        self.deviceId = deviceId
        self.kind = kind
        self.residentRef = residentRef
        self.message = message
        self.details = details
        self.devices = devices
        self.triggerCount = triggerCount
        self.lastTriggerAt = lastTriggerAt
        self.suppression = suppression
        self.suppressedUntil = suppressedUntil
        self.evidence = evidence
    }
}
