import CareGateCore

/// A consumer's committed position in one stream.
public struct ConsumerCursor: Sendable, Hashable {
    public var stream: String
    /// The `seq` of the last record the consumer has durably processed.
    public var cursor: Int64
    public var committedAt: EpochMillis

    public init(stream: String, cursor: Int64, committedAt: EpochMillis) {
        self.stream = stream
        self.cursor = cursor
        self.committedAt = committedAt
    }
}

/// What committing a cursor did.
public enum CursorCommitOutcome: Sendable, Hashable {
    /// The cursor moved forward (or was first set).
    case committed
    /// The cursor already had this value: a retried commit.
    case unchanged
    /// The cursor is already past the given value; it is not moved back.
    case behind(current: Int64)
    /// No consumer has this name.
    case unknownConsumer
}
