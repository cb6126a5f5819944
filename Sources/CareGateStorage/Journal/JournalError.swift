import Glibc

/// A failed file operation of the journal or the reserve: the operation, the path and `errno`.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var code: Int32

    init(_ operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    /// True when the failure means the filesystem is full.
    public var isDiskFull: Bool { code == ENOSPC || code == EDQUOT }

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(code)))"
    }
}
