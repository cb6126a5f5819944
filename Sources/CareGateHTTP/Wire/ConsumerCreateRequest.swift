/// `POST /v1/consumers`: a new consumer; the response carries its token once.
public struct ConsumerCreateRequest: Codable, Sendable, Hashable {
    public var name: String
    public var scopes: [String]
    public var required: Bool?

    public init(name: String, scopes: [String], required: Bool? = nil) {
        self.name = name
        self.scopes = scopes
        self.required = required
    }
}
