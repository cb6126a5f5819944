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
