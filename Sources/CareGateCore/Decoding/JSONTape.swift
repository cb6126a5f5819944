/// A JSON document parsed in one pass into a flat array of tokens that point into the input bytes.
///
/// This is the decoder's hot structure (simdjson's idea, simplified): parsing records where every
/// value is instead of building strings, dictionaries or `Any`; a lookup walks the tape comparing
/// raw key bytes; a string is unescaped only when a mapped value is actually read.
///
/// The tokens live in a buffer that only ever grows (a document of n bytes has at most n tokens),
/// so parsing writes through a pointer with no per-token capacity or uniqueness checks, and a
/// tape reused for every message of a thread allocates nothing in steady state. Copies share the
/// buffer until one of them parses again, which then takes a fresh buffer (copy on write).
///
/// A tape borrows the bytes it was parsed from: it is valid only until the next `parse` and only
/// while those bytes live (the libmosquitto buffer during the callback). One per decoding thread.
public struct JSONTape {
    /// Number of tokens; the root value is token 0.
    public internal(set) var count = 0
    /// The parsed bytes (borrowed; see the type's comment).
    public internal(set) var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Token and container-stack space. Immutable once made, so reading it needs no exclusivity
    /// checks; growing replaces it.
    var buffer = TapeBuffer(tokens: 256, depth: 16)

    public init() {}

    /// Ensures room for `tokens` tokens and `depth` open containers, owned by this tape alone.
    mutating func reserve(tokens: Int, depth: Int) {
        if tokens > buffer.capacity || depth > buffer.depthCapacity || !isKnownUniquelyReferenced(&buffer) {
            buffer = TapeBuffer(
                tokens: max(tokens, buffer.capacity), depth: max(depth, buffer.depthCapacity))
        }
    }

    /// The token at `index`.
    public subscript(index: Int) -> JSONToken {
        precondition(index >= 0 && index < count, "token index out of range")
        return buffer.tokens[index]
    }

    /// The root value's index, or nil before a successful parse.
    public var root: Int? { count == 0 ? nil : 0 }

    public func kind(_ index: Int) -> JSONKind { self[index].kind }

    /// The members of the object at `index`: each element is a key's index, its value follows it.
    public func members(of index: Int) -> JSONChildren {
        JSONChildren(tape: self, container: index, stride: 2)
    }

    /// The elements of the array at `index` as token indices, in document order.
    public func elements(of index: Int) -> JSONChildren {
        JSONChildren(tape: self, container: index, stride: 1)
    }

    /// The value of the member of object `index` whose key equals `key` (UTF-8, unescaped), if any.
    public func member(of index: Int, key: [UInt8]) -> Int? {
        let tokens = buffer.tokens
        let end = Int(self[index].next)
        guard let base = bytes.baseAddress else { return nil }
        return key.withUnsafeBufferPointer { key in
            var cursor = index + 1
            while cursor < end {
                let token = tokens[cursor]
                if token.flag {
                    if stringEquals(cursor, Array(key)) { return cursor + 1 }
                } else if Int(token.length) == key.count {
                    // Most keys differ in length; bytes are compared only when they could be equal.
                    let text = base + Int(token.start)
                    var offset = 0
                    while offset < key.count, text.load(fromByteOffset: offset, as: UInt8.self) == key[offset] {
                        offset += 1
                    }
                    if offset == key.count { return cursor + 1 }
                }
                cursor = Int(tokens[cursor + 1].next)
            }
            return nil
        }
    }

    /// The `position`th element of the array at `index`, if it has one.
    public func element(of index: Int, at position: Int) -> Int? {
        guard position >= 0, position < Int(self[index].length) else { return nil }
        var cursor = index + 1
        for _ in 0..<position { cursor = Int(buffer.tokens[cursor].next) }
        return cursor
    }

    /// The raw bytes of a string's content (escapes not resolved) or of a number's literal.
    public func rawBytes(_ index: Int) -> UnsafeRawBufferPointer {
        let token = self[index]
        return UnsafeRawBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.start + token.length)])
    }

    /// The boolean at `index`, if it is a JSON bool.
    public func bool(_ index: Int) -> Bool? {
        let token = self[index]
        return token.kind == .bool ? token.flag : nil
    }

    /// Makes the tape hold `text` as one unquoted string value: a scalar payload such as `ON`.
    mutating func setBareString(_ text: UnsafeRawBufferPointer) {
        reserve(tokens: 1, depth: 0)
        bytes = text
        buffer.tokens[0] = JSONToken(kind: .string, flag: false, start: 0, length: UInt32(text.count), next: 1)
        count = 1
    }
}

/// The members (key token index; the value follows it) or elements of a container on a tape,
/// walked by each subtree's `next` link without allocating.
public struct JSONChildren: Sequence, IteratorProtocol {
    private let tape: JSONTape
    private let end: Int
    private let stride: Int
    private var cursor: Int

    init(tape: JSONTape, container: Int, stride: Int) {
        self.tape = tape
        end = Int(tape[container].next)
        self.stride = stride
        cursor = container + 1
    }

    /// The next child: for an object its key's index (the value is at key + 1), for an array the
    /// element's index.
    public mutating func next() -> Int? {
        guard cursor < end else { return nil }
        let child = cursor
        cursor = Int(tape[child + stride - 1].next)
        return child
    }
}

/// The memory behind a `JSONTape`: token storage and the parser's container stack.
final class TapeBuffer {
    let tokens: UnsafeMutablePointer<JSONToken>
    let capacity: Int
    let stack: UnsafeMutablePointer<Int>
    let depthCapacity: Int

    init(tokens: Int, depth: Int) {
        capacity = tokens
        self.tokens = .allocate(capacity: tokens)
        depthCapacity = depth
        stack = .allocate(capacity: depth)
    }

    deinit {
        tokens.deallocate()
        stack.deallocate()
    }
}
