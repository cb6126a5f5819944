/// One problem found in a YAML file, located by line and column, printed as `file:line: message`.
///
/// Vendors and care-home IT read these in a terminal and jump to the line in their editor, so the
/// description has the compiler-style shape editors understand. The column is kept for tools that
/// want it but left out of the text, which stays short.
public struct YAMLIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it (a path or a display name).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int = 1, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
