/// A JSON document parsed in one pass into a flat array of tokens that point into the input bytes.
///
/// This is the decoder's hot structure (simdjson's idea, simplified): parsing records where every
/// value is instead of building strings, dictionaries or `Any`; a lookup walks the tape comparing
/// raw key bytes; a string is unescaped only when a mapped value is actually read. The token and
/// container arrays keep their capacity, so a tape reused for every message of a thread allocates
/// nothing in steady state.
///
/// A tape borrows the bytes it was parsed from: it is valid only until the next `parse` and only
/// while those bytes live (the libmosquitto buffer during the callback). Not thread-safe; one per
/// decoding thread.
public struct JSONTape {
    /// The tokens in document order; the root value is token 0.
    public internal(set) var tokens: [JSONToken] = []
    /// The parsed bytes (borrowed; see the type's comment).
    public internal(set) var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Open containers while parsing; kept to reuse its capacity.
    var openContainers: [Int] = []

    public init() {
        tokens.reserveCapacity(64)
        openContainers.reserveCapacity(16)
    }

    /// The root value's index, or nil before a successful parse.
    public var root: Int? { tokens.isEmpty ? nil : 0 }

    public func kind(_ index: Int) -> JSONKind { tokens[index].kind }

    /// The members of the object at `index` as (key, value) token indices, in document order.
    public func members(of index: Int) -> JSONChildren {
        JSONChildren(tape: self, container: index, stride: 2)
    }

    /// The elements of the array at `index` as token indices, in document order.
    public func elements(of index: Int) -> JSONChildren {
        JSONChildren(tape: self, container: index, stride: 1)
    }

    /// The value of the member of object `index` whose key equals `key` (UTF-8, unescaped), if any.
    public func member(of index: Int, key: [UInt8]) -> Int? {
        let end = Int(tokens[index].next)
        var cursor = index + 1
        while cursor < end {
            if stringEquals(cursor, key) { return cursor + 1 }
            cursor = Int(tokens[cursor + 1].next)
        }
        return nil
    }

    /// The `position`th element of the array at `index`, if it has one.
    public func element(of index: Int, at position: Int) -> Int? {
        guard position >= 0, position < Int(tokens[index].length) else { return nil }
        var cursor = index + 1
        for _ in 0..<position { cursor = Int(tokens[cursor].next) }
        return cursor
    }

    /// The raw bytes of a string's content (escapes not resolved) or of a number's literal.
    public func rawBytes(_ index: Int) -> UnsafeRawBufferPointer {
        let token = tokens[index]
        return UnsafeRawBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.start + token.length)])
    }

    /// The boolean at `index`, if it is a JSON bool.
    public func bool(_ index: Int) -> Bool? {
        tokens[index].kind == .bool ? tokens[index].flag : nil
    }
}

/// The members (key token index; the value follows it) or elements of a container on a tape,
/// walked by each subtree's `next` link without allocating.
public struct JSONChildren: Sequence, IteratorProtocol {
    private let tokens: [JSONToken]
    private let end: Int
    private let stride: Int
    private var cursor: Int

    init(tape: JSONTape, container: Int, stride: Int) {
        tokens = tape.tokens
        end = Int(tape.tokens[container].next)
        self.stride = stride
        cursor = container + 1
    }

    /// The next child: for an object its key's index (the value is at key + 1), for an array the
    /// element's index.
    public mutating func next() -> Int? {
        guard cursor < end else { return nil }
        let child = cursor
        cursor = Int(tokens[child + stride - 1].next)
        return child
    }
}

extension JSONTape {
    /// Makes the tape hold `text` as one unquoted string value: a scalar payload such as `ON`.
    mutating func setBareString(_ text: UnsafeRawBufferPointer) {
        tokens.removeAll(keepingCapacity: true)
        bytes = text
        tokens.append(JSONToken(kind: .string, flag: false, start: 0, length: UInt32(text.count), next: 1))
    }
}
