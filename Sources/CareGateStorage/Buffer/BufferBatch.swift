import CareGateCore

/// What the bulk writer commits in one transaction: decoded messages, quarantined ones, counter
/// increments, and the journal position everything before which is now stored.
public struct BufferBatch: Sendable {
    public var messages: [DeviceMessage] = []
    public var quarantined: [QuarantinedMessage] = []
    /// Increments of the persistent ingest counters (`duplicates`, `ignored`, ...).
    public var counters: [String: Int64] = [:]
    /// When set, the de-duplication state of these devices is saved as of `through`.
    public var streamStates: [String: DeviceStreamState]?
    /// Usage deltas and meter states for the messages up to `through`; written only together
    /// with `streamStates`, because after a restart the meter is replayed from the same
    /// snapshot position as the de-duplication state.
    public var usage: UsageFlush?
    public var through: JournalPosition

    public init(through: JournalPosition) {
        self.through = through
    }

    /// Rows this batch will write.
    public var rowCount: Int { messages.count + quarantined.count }

    public mutating func count(_ name: String, by amount: Int64 = 1) {
        counters[name, default: 0] += amount
    }
}

/// A message that could not be accepted, kept with its raw bytes and the reason.
public struct QuarantinedMessage: Sendable {
    public var receivedAt: EpochMillis
    public var topic: String
    public var payload: [UInt8]
    /// The payload's length on the wire (the stored bytes may be cut at the journal's cap).
    public var payloadLength: Int
    public var qos: UInt8
    public var retained: Bool
    public var failure: DecodeFailure
    public var deviceId: String?
    public var profileId: String?

    public init(
        receivedAt: EpochMillis, topic: String, payload: [UInt8], payloadLength: Int, qos: UInt8, retained: Bool,
        failure: DecodeFailure, deviceId: String?, profileId: String?
    ) {
        self.receivedAt = receivedAt
        self.topic = topic
        self.payload = payload
        self.payloadLength = payloadLength
        self.qos = qos
        self.retained = retained
        self.failure = failure
        self.deviceId = deviceId
        self.profileId = profileId
    }
}

/// Names of the persistent ingest counters.
public enum IngestCounter {
    public static let telemetry = "stored.telemetry"
    public static let events = "stored.events"
    public static let duplicates = "duplicates"
    public static let ignored = "ignored"
    public static func quarantined(_ reason: QuarantineReason) -> String { "quarantined." + reason.rawValue }
}
