/// `POST /v1/alerts/{id}/ack`, `/resolve` and `/suppress`: who acts, why, and for a suppression
/// how long.
public struct AlertActionRequest: Codable, Sendable, Hashable {
    /// The staff id of the person acting (never a name: staff ids are what the rota uses).
    public var by: String
    public var note: String?
    /// Suppression only: seconds to hold the alert back (default `operator_suppress_s`).
    public var seconds: Double?

    public init(by: String, note: String? = nil, seconds: Double? = nil) {
        self.by = by
        self.note = note
        self.seconds = seconds
    }
}

/// `POST /v1/consumers/{name}/commit`: the consumer has durably processed `stream` up to
/// `cursor` (the `seq` of the last record it handled).
public struct CommitRequest: Codable, Sendable, Hashable {
    public var stream: String
    public var cursor: Int64

    public init(stream: String, cursor: Int64) {
        self.stream = stream
        self.cursor = cursor
    }
}

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
