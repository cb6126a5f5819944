import CareGateCore

/// A platform or tool allowed to use the HTTP API: its name, what it may do, and its token, kept
/// only as the SHA-256 of the token (a stolen database grants no access).
///
/// `required` consumers hold back purging: records they have not committed stay in the buffer
/// unless a byte budget forces them out.
public struct ConsumerRecord: Sendable, Hashable {
    /// Where a consumer was declared, which decides who may change it.
    public enum Origin: String, Sendable, Hashable {
        /// The `consumers:` section of the configuration file; re-read at every start.
        case config
        /// Created over the API (`caregate consumers add`).
        case api
        /// The local operator, whose token the daemon keeps in `<state_dir>/operator.token`.
        case local
    }

    public var name: String
    /// Scope names (`telemetry:read`, `alerts:write`, `admin`, ...).
    public var scopes: [String]
    /// Lower-case hex SHA-256 of the bearer token.
    public var tokenSHA256: String
    public var required: Bool
    public var origin: Origin
    public var createdAt: EpochMillis

    public init(
        name: String, scopes: [String], tokenSHA256: String, required: Bool, origin: Origin, createdAt: EpochMillis
    ) {
        self.name = name
        self.scopes = scopes
        self.tokenSHA256 = tokenSHA256
        self.required = required
        self.origin = origin
        self.createdAt = createdAt
    }
}

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

/// Why a change to the consumers was refused.
public struct ConsumerStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code for callers to match on.
    public enum Code: String, Sendable, Hashable {
        case nameTaken = "name_taken"
        case tokenInUse = "token_in_use"
        case notFound = "not_found"
    }

    public var code: Code
    public var reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { reason }
}
