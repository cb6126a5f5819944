/// Finds every profile topic whose pattern matches an MQTT topic, most specific first.
///
/// A trie over topic levels, stored flat so it is `Sendable` and cache-friendly. At each level a
/// literal edge is tried before the placeholder edge, so the matches come out ordered by
/// specificity: a literal beats a placeholder at the first level where two patterns differ
/// (`.../thing/event/property/post` before `.../thing/event/{identifier}/post`). Patterns that end
/// at the same node are equally specific and form one group.
struct TopicTrie: Sendable {
    struct Edge: Sendable {
        var bytes: [UInt8]
        var child: Int
    }

    struct Node: Sendable {
        var literals: [Edge] = []
        var placeholder: Int?
        /// Topics (catalog indices) whose pattern ends here, in catalog order (by profile id).
        var terminals: [Int] = []
    }

    private(set) var nodes: [Node] = [Node()]

    /// Builds the trie over `patterns`, given in catalog order.
    init(patterns: [TopicPattern]) {
        for (index, pattern) in patterns.enumerated() {
            var node = 0
            for level in pattern.levels {
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
            nodes[node].terminals.append(index)
        }
    }

    /// Appends every match for the topic whose level byte ranges are `levels` to `matches`, most
    /// specific first; each match carries its group number (equal for equally specific patterns).
    func collect(topic: UnsafeRawBufferPointer, levels: [Range<Int>], into matches: inout [TopicMatch]) {
        var group = 0
        visit(node: 0, depth: 0, topic: topic, levels: levels, matches: &matches, group: &group)
    }

    private func visit(
        node: Int, depth: Int, topic: UnsafeRawBufferPointer, levels: [Range<Int>], matches: inout [TopicMatch],
        group: inout Int
    ) {
        if depth == levels.count {
            let terminals = nodes[node].terminals
            guard !terminals.isEmpty else { return }
            for topic in terminals { matches.append(TopicMatch(topic: topic, group: group)) }
            group += 1
            return
        }
        let level = UnsafeRawBufferPointer(rebasing: topic[levels[depth]])
        for edge in nodes[node].literals where edge.bytes.count == level.count {
            if edge.bytes.withUnsafeBytes({ memcmpEqual($0, level) }) {
                visit(node: edge.child, depth: depth + 1, topic: topic, levels: levels, matches: &matches, group: &group)
                break
            }
        }
        if let child = nodes[node].placeholder {
            visit(node: child, depth: depth + 1, topic: topic, levels: levels, matches: &matches, group: &group)
        }
    }
}

/// A topic of the catalog that matched, and its specificity group (lower is more specific).
struct TopicMatch {
    var topic: Int
    var group: Int
}
