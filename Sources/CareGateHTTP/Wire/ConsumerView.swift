import CareGateCore

/// A consumer as `/v1/consumers` shows it, with its progress in each stream. Never its token.
public struct ConsumerView: Codable, Sendable, Hashable {
    public var name: String
    public var scopes: [String]
    public var required: Bool
    /// `config`, `api` or `local`.
    public var origin: String
    public var createdAt: EpochMillis
    public var cursors: [CursorView]

    public init(name: String, scopes: [String], required: Bool, origin: String, createdAt: EpochMillis, cursors: [CursorView]) {
        self.name = name
        self.scopes = scopes
        self.required = required
        self.origin = origin
        self.createdAt = createdAt
        self.cursors = cursors
    }
}

/// A consumer's position in one stream, and how far behind it is.
public struct CursorView: Codable, Sendable, Hashable {
    public var stream: String
    /// The committed `seq` (0: never committed).
    public var cursor: Int64
    public var committedAt: EpochMillis?
    /// The stream's latest `seq`.
    public var head: Int64
    /// When the oldest record the consumer has not committed arrived; nil when it is caught up.
    public var pendingSince: EpochMillis?
    /// Age of that record in seconds (0 when caught up).
    public var lagSeconds: Double

    public init(stream: String, cursor: Int64, committedAt: EpochMillis?, head: Int64, pendingSince: EpochMillis?, lagSeconds: Double) {
        self.stream = stream
        self.cursor = cursor
        self.committedAt = committedAt
        self.head = head
        self.pendingSince = pendingSince
        self.lagSeconds = lagSeconds
    }
}

/// `POST /v1/consumers`'s answer: the consumer and its token, shown this once.
public struct ConsumerCreated: Codable, Sendable, Hashable {
    public var consumer: ConsumerView
    public var token: String

    public init(consumer: ConsumerView, token: String) {
        self.consumer = consumer
        self.token = token
    }
}
