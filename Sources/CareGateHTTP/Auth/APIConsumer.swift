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
