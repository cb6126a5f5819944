import Yams

/// A parsed YAML file plus every issue found while reading it.
///
/// It parses with Yams' composer (the node tree with marks, not Codable) so that each value keeps
/// the line it came from, and it collects issues instead of throwing: a configuration or profile
/// with five mistakes is fixed in one round, not five. Readers (`YAMLValue`, `YAMLMap`) report into
/// the document they came from. Not thread-safe: one document is read by one thread, then dropped.
public final class YAMLDocument {
    /// The file name used in issues.
    public let file: String
    /// The root value, or nil when the text is empty or is not valid YAML (an issue says which).
    /// Made on each access: values hold their document, so the document must not hold a value.
    public var root: YAMLValue? { rootNode.map { YAMLValue(node: $0, document: self) } }
    private var rootNode: Node?
    /// Every issue recorded so far, in the order found.
    public private(set) var issues: [YAMLIssue] = []

    /// Parses `text`; a syntax error becomes an issue at the line the parser stopped on.
    public init(file: String, text: String) {
        self.file = file
        do {
            rootNode = try Yams.compose(yaml: text)
            if rootNode == nil {
                report("the file is empty", line: 1, column: 1)
            }
        } catch let error as YamlError {
            recordSyntaxError(error, text: text)
        } catch {
            report("cannot parse YAML: \(error)", line: 1, column: 1)
        }
    }

    /// Records an issue at `line`/`column`.
    public func report(_ message: String, line: Int, column: Int = 1) {
        issues.append(YAMLIssue(file: file, line: line, column: column, message: message))
    }

    /// Records an issue at a Yams mark (line 1 when the node has none).
    public func report(_ message: String, at mark: Mark?) {
        report(message, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// True when no issue has been recorded.
    public var isValid: Bool { issues.isEmpty }

    private func recordSyntaxError(_ error: YamlError, text: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let contextNote = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            report("invalid YAML: \(problem)\(contextNote)", at: mark)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            report("duplicate key \(keys)", at: context.mark)
        case .reader(let problem, let offset, _, _):
            report("invalid text: \(problem)", line: Self.line(ofCharacterOffset: offset, in: text))
        default:
            report("invalid YAML: \(error)", line: 1)
        }
    }

    private static func line(ofCharacterOffset offset: Int?, in text: String) -> Int {
        guard let offset else { return 1 }
        return 1 + text.prefix(offset).reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
    }
}
