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
