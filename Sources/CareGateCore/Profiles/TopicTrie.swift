/// Finds every profile topic whose pattern matches an MQTT topic, most specific first.
///
/// A trie over topic levels, stored flat so it is `Sendable` and cache-friendly. At each level a
/// literal edge is tried before the placeholder edge, so the matches come out ordered by
/// specificity: a literal beats a placeholder at the first level where two patterns differ
/// (`.../thing/event/property/post` before `.../thing/event/{identifier}/post`). Patterns that end
/// at the same node are equally specific and form one group.
public struct TopicTrie: Sendable {
    /// A profile's topic: indices into the catalog's profiles and that profile's topics.
    public struct Ref: Sendable, Hashable {
        public var profile: Int
        public var topic: Int
    }

    struct Edge: Sendable {
        var bytes: [UInt8]
        var child: Int
    }

    struct Node: Sendable {
        var literals: [Edge] = []
        var placeholder: Int?
        /// Patterns ending here, sorted by profile id.
        var terminals: [Ref] = []
    }

    private(set) var nodes: [Node] = [Node()]

    init(patterns: [(ref: Ref, pattern: TopicPattern, profileId: String)]) {
        for entry in patterns {
            var node = 0
            for level in entry.pattern.levels {
                switch level {
                case .literal(let text):
                    let bytes = Array(text.utf8)
                    if let edge = nodes[node].literals.first(where: { $0.bytes == bytes }) {
                        node = edge.child
                    } else {
                        nodes.append(Node())
                        nodes[node].literals.append(Edge(bytes: bytes, child: nodes.count - 1))
                        node = nodes.count - 1
                    }
                case .placeholder:
                    if let child = nodes[node].placeholder {
                        node = child
                    } else {
                        nodes.append(Node())
                        nodes[node].placeholder = nodes.count - 1
                        node = nodes.count - 1
                    }
                }
            }
            nodes[node].terminals.append(entry.ref)
        }
        let order = Dictionary(uniqueKeysWithValues: patterns.map { ($0.ref, $0.profileId) })
        for index in nodes.indices {
            nodes[index].terminals.sort { (order[$0] ?? "", $0.topic) < (order[$1] ?? "", $1.topic) }
        }
    }

    /// Appends every match for the topic whose level byte ranges are `levels` to `matches`, most
    /// specific first; each match carries its group number (equal for equally specific patterns).
    func collect(
        topic: UnsafeRawBufferPointer, levels: [Range<Int>], into matches: inout [(ref: Ref, group: Int)]
    ) {
        var group = 0
        visit(node: 0, depth: 0, topic: topic, levels: levels, matches: &matches, group: &group)
    }

    private func visit(
        node: Int, depth: Int, topic: UnsafeRawBufferPointer, levels: [Range<Int>],
        matches: inout [(ref: Ref, group: Int)], group: inout Int
    ) {
        let current = nodes[node]
        if depth == levels.count {
            guard !current.terminals.isEmpty else { return }
            for ref in current.terminals { matches.append((ref, group)) }
            group += 1
            return
        }
        let level = UnsafeRawBufferPointer(rebasing: topic[levels[depth]])
        for edge in current.literals {
            let equal = edge.bytes.withUnsafeBytes { memcmpEqual($0, level) }
            if equal {
                visit(node: edge.child, depth: depth + 1, topic: topic, levels: levels, matches: &matches, group: &group)
                break
            }
        }
        if let child = current.placeholder {
            visit(node: child, depth: depth + 1, topic: topic, levels: levels, matches: &matches, group: &group)
        }
    }
}
