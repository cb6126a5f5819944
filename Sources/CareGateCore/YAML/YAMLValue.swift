import Yams

/// One node of a `YAMLDocument` with typed accessors that record an issue, at the node's line,
/// when the value has the wrong shape.
///
/// Every accessor returns nil after recording its issue, so a reader can go on and find the next
/// problem. Scalars are read from the text as written: `ON` in a list of vendor values stays the
/// string `ON` (YAML 1.1 would otherwise turn it into `true`), which is what a vendor means.
public struct YAMLValue {
    /// The Yams node, for readers that need more than the accessors give.
    public let node: Node
    /// The document issues are reported to.
    public let document: YAMLDocument

    public init(node: Node, document: YAMLDocument) {
        self.node = node
        self.document = document
    }

    /// 1-based line of the value.
    public var line: Int { node.mark?.line ?? 1 }

    /// Records `message` at this value's line.
    public func report(_ message: String) {
        document.report(message, at: node.mark)
    }

    /// True for an explicit or empty null (`key:`, `key: ~`, `key: null`).
    public var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return node.null != nil
    }

    /// The scalar's text as written, or nil (without an issue) for a mapping or sequence.
    public var scalarText: String? {
        guard case .scalar(let scalar) = node, !isNull else { return nil }
        return scalar.string
    }

    /// A short name of the node's shape for messages ("a mapping", "a list", "a text", ...).
    public var shapeName: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar: isNull ? "nothing (null)" : "'\(node.scalar?.string ?? "")'"
        }
    }

    /// The value as text; any scalar is accepted as written.
    public func string() -> String? {
        if let text = scalarText { return text }
        report("expected a text value, found \(shapeName)")
        return nil
    }

    /// The value as a boolean (`true`/`false`; YAML 1.1's `yes`/`no`/`on`/`off` too).
    public func bool() -> Bool? {
        if let value = node.scalar.flatMap(Bool.construct(from:)), !isNull { return value }
        report("expected true or false, found \(shapeName)")
        return nil
    }

    /// The value as an integer, checked against `range` when given.
    public func int(in range: ClosedRange<Int>? = nil) -> Int? {
        guard let value = node.scalar.flatMap(Int.construct(from:)) else {
            report("expected a whole number, found \(shapeName)")
            return nil
        }
        if let range, !range.contains(value) {
            report("\(value) is outside \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return value
    }

    /// The value as a number (integers accepted), checked against `range` when given.
    public func double(in range: ClosedRange<Double>? = nil) -> Double? {
        guard let value = node.scalar.flatMap(Double.construct(from:)), value.isFinite else {
            report("expected a number, found \(shapeName)")
            return nil
        }
        if let range, !range.contains(value) {
            report("\(scalarText ?? String(value)) is outside \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return value
    }

    /// The items of a list.
    public func list() -> [YAMLValue]? {
        guard case .sequence(let sequence) = node else {
            report("expected a list, found \(shapeName)")
            return nil
        }
        return sequence.map { YAMLValue(node: $0, document: document) }
    }

    /// A list of scalar texts; a single scalar is accepted as a one-item list, so `ignore: uptime`
    /// means what it says.
    public func stringList() -> [String]? {
        if let single = scalarText { return [single] }
        guard let items = list() else { return nil }
        let texts = items.compactMap { $0.string() }
        return texts.count == items.count ? texts : nil
    }

    /// The entries of a free-form mapping (keys as written), in file order.
    public func entries() -> [(key: String, keyLine: Int, value: YAMLValue)]? {
        guard case .mapping(let mapping) = node else {
            report("expected a mapping, found \(shapeName)")
            return nil
        }
        var result: [(key: String, keyLine: Int, value: YAMLValue)] = []
        for (key, value) in mapping {
            let keyValue = YAMLValue(node: key, document: document)
            guard let name = keyValue.scalarText else {
                keyValue.report("a key must be a plain text, found \(keyValue.shapeName)")
                continue
            }
            result.append((name, keyValue.line, YAMLValue(node: value, document: document)))
        }
        return result
    }

    /// A mapping whose keys must come from `knownKeys`; each other key is reported as unknown,
    /// with the closest known key suggested.
    public func map(knownKeys: [String]) -> YAMLMap? {
        guard let entries = entries() else { return nil }
        return YAMLMap(value: self, entries: entries, knownKeys: knownKeys)
    }
}
