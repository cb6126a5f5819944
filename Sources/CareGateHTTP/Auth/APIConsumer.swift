import CareGateCore
import CareGateStorage

/// A consumer as the API sees it after authentication: who is calling and what it may do.
public struct APIConsumer: Sendable, Hashable {
    public var name: String
    public var scopes: Set<Scope>
    public var required: Bool
    public var origin: ConsumerRecord.Origin
    public var createdAt: EpochMillis

    public init(name: String, scopes: Set<Scope>, required: Bool, origin: ConsumerRecord.Origin, createdAt: EpochMillis) {
        self.name = name
        self.scopes = scopes
        self.required = required
        self.origin = origin
        self.createdAt = createdAt
    }

    /// Whether the consumer holds `scope`, directly or through `admin`.
    public func allows(_ scope: Scope) -> Bool {
        scopes.contains(.admin) || scopes.contains(scope)
    }

    public var isAdmin: Bool { scopes.contains(.admin) }

    /// Scope names the store does not know (written by a newer gateway) are ignored.
    init(_ record: ConsumerRecord) {
        self.init(
            name: record.name, scopes: Set(record.scopes.compactMap(Scope.init(rawValue:))), required: record.required,
            origin: record.origin, createdAt: record.createdAt)
    }
}

/// Rules for consumer names: they appear in URLs, audit lines and metrics, so they are short
/// and plain.
public enum ConsumerName {
    /// The local operator's consumer, backed by `<state_dir>/operator.token`; no one else may
    /// take the name.
    public static let operatorName = "operator"

    /// Why `name` cannot name a consumer, or nil when it can: 1 to 64 of letters, digits, `.`,
    /// `_` and `-`, starting with a letter or digit.
    public static func problem(with name: String) -> String? {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count) else { return "a consumer name has 1 to 64 characters" }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        guard isAlphanumeric(bytes[0]),
            bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
        else { return "consumer name '\(name)' must be letters, digits, '.', '_' or '-', starting with a letter or digit" }
        return nil
    }
}

/// A consumer declared in the configuration file's `consumers:` section. The file holds the
/// token's SHA-256, never the token.
public struct ConsumerDeclaration: Sendable, Hashable {
    public var name: String
    public var scopes: [Scope]
    /// Lower-case hex SHA-256 of the token (`printf %s "$TOKEN" | sha256sum`).
    public var tokenSHA256: String
    public var required: Bool

    public init(name: String, scopes: [Scope], tokenSHA256: String, required: Bool) {
        self.name = name
        self.scopes = scopes
        self.tokenSHA256 = tokenSHA256
        self.required = required
    }
}
