import CareGateCore

/// A rule's state with its rule id, encodable without knowing the rule: `{"rule": "...", "state": {...}}`.
///
/// The store keeps it as an opaque JSON blob; decoding looks the state type up in `RuleCatalog`.
public struct AnyRuleState: Sendable, Codable {
    public let rule: RuleID
    public let value: any RuleStateValue

    public init(rule: RuleID, value: any RuleStateValue) {
        self.rule = rule
        self.value = value
    }

    private enum CodingKeys: String, CodingKey {
        case rule
        case state
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rule = try container.decode(RuleID.self, forKey: .rule)
        guard let type = RuleCatalog.stateType(of: rule) else {
            throw DecodingError.dataCorruptedError(forKey: .rule, in: container, debugDescription: "unknown rule \(rule)")
        }
        value = try Self.decode(type, from: container)
    }

    private static func decode<T: RuleStateValue>(_ type: T.Type, from container: KeyedDecodingContainer<CodingKeys>) throws -> T {
        try container.decode(T.self, forKey: .state)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(value, forKey: .state)
    }
}

/// One rule state to write (or, with a nil state, to delete) under its key.
public struct RuleStateRecord: Sendable, Codable {
    public var key: AlertKey
    /// Nil when the rule returned to idle: the store deletes the row.
    public var state: AnyRuleState?

    public init(key: AlertKey, state: AnyRuleState?) {
        self.key = key
        self.state = state
    }
}
