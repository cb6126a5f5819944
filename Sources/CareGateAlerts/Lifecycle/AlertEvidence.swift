import CareGateCore

/// Response-time evidence for one alert, exportable for inspections: when the triggering message
/// was made and received, when the alert was raised and first reached staff, and who acknowledged
/// and resolved it, when.
public struct AlertEvidence: Sendable, Hashable, Codable {
    /// Device time of the triggering message.
    public var sourceTs: EpochMillis
    /// When the gateway received the triggering message (the engine's time for timer triggers).
    public var receivedAt: EpochMillis
    public var raisedAt: EpochMillis
    /// When the alert was first published to staff (later than `raisedAt` if it was raised suppressed).
    public var firstNotifiedAt: EpochMillis?
    public var acknowledgedAt: EpochMillis?
    public var acknowledgedBy: String?
    public var acknowledgeNote: String?
    public var resolvedAt: EpochMillis?
    /// Staff id, or nil when the condition cleared by itself.
    public var resolvedBy: String?
    /// Why it was resolved: the staff note, or the rule's reason ("Resident back in bed").
    public var resolution: String?

    public init(sourceTs: EpochMillis, receivedAt: EpochMillis, raisedAt: EpochMillis) {
        self.sourceTs = sourceTs
        self.receivedAt = receivedAt
        self.raisedAt = raisedAt
    }
}
