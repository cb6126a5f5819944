/// A compiled path into a JSON document, such as `props.heart_rate`, `params.*.time` or
/// `readings.0.value`.
///
/// Components are separated by dots. A component is matched against object keys as pre-encoded
/// UTF-8 bytes (no String is built per lookup); a component made of digits also indexes arrays;
/// `*` matches any member or element, choosing the first for which the rest of the path finds a
/// non-null value. The empty path denotes the document itself.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    enum Component: Sendable, Hashable {
        case member(key: [UInt8], index: Int?)
        case wildcard
    }

    let components: [Component]
    /// The path as written.
    public let description: String

    private init(components: [Component], description: String) {
        self.components = components
        self.description = description
    }

    /// The path split into its parent and final key, when that key is a plain name and the parent
    /// has no wildcard: fields under one object then look the object up once, not once per field.
    var parentAndKey: (parent: JSONPath, key: [UInt8])? {
        guard case .member(let key, nil)? = components.last, !components.contains(.wildcard) else { return nil }
        let parentText = description.lastIndex(of: ".").map { String(description[..<$0]) } ?? ""
        return (JSONPath(components: Array(components.dropLast()), description: parentText), key)
    }

    /// Compiles `text`; nil if a component is empty (`a..b`, a leading or trailing dot).
    public init?(_ text: String) {
        description = text
        if text.isEmpty {
            components = []
            return
        }
        var parsed: [Component] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            if part.isEmpty { return nil }
            if part == "*" {
                parsed.append(.wildcard)
            } else {
                let index = part.allSatisfy(\.isASCIIDigit) ? Int(part) : nil
                parsed.append(.member(key: Array(part.utf8), index: index))
            }
        }
        components = parsed
    }
}

extension JSONTape {
    /// The token the path leads to from `start` (the root by default), or nil if any step is
    /// absent. A JSON `null` at the end is returned as a null token; callers treat it as absent.
    public func find(_ path: JSONPath, from start: Int = 0) -> Int? {
        guard count > 0 else { return nil }
        return path.components.withUnsafeBufferPointer { find($0, step: 0, from: start) }
    }

    private func find(_ components: UnsafeBufferPointer<JSONPath.Component>, step first: Int, from start: Int) -> Int? {
        var current = start
        var step = first
        while step < components.count {
            let component = components[step]
            step += 1
            switch (component, buffer.tokens[current].kind) {
            case (.member(let key, _), .object):
                guard let next = member(of: current, key: key) else { return nil }
                current = next
            case (.member(_, let index?), .array):
                guard let next = element(of: current, at: index) else { return nil }
                current = next
            case (.wildcard, .object):
                for key in members(of: current) {
                    if let found = find(components, step: step, from: key + 1), buffer.tokens[found].kind != .null { return found }
                }
                return nil
            case (.wildcard, .array):
                for element in elements(of: current) {
                    if let found = find(components, step: step, from: element), buffer.tokens[found].kind != .null { return found }
                }
                return nil
            default:
                return nil
            }
        }
        return current
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
