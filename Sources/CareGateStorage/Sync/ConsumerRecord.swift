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
