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
