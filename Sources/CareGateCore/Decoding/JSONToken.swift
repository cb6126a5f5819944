/// The kind of one JSON value on a `JSONTape`.
public enum JSONKind: UInt8, Sendable {
    case object
    case array
    case string
    case number
    case bool
    case null
}

/// One value (or object key) on a `JSONTape`: where it lies in the input and where its subtree ends.
///
/// Sixteen bytes and no references, so the tape is one flat array that a decoder reuses across
/// messages without allocating.
public struct JSONToken: Sendable {
    public var kind: JSONKind
    /// Strings: contains backslash escapes. Numbers: written as an integer (no fraction or
    /// exponent). Bools: the value.
    public var flag: Bool
    /// Byte offset of the content: the first byte of a string after its quote, of a number, of a
    /// literal, or the opening bracket of a container.
    public var start: UInt32
    /// Strings and numbers: content length in bytes. Containers: number of members or elements.
    public var length: UInt32
    /// Index of the first token after this value's subtree (for an object key: its value).
    public var next: UInt32
}
