extension JSONTape {
    /// Parses `input` (already checked for size and UTF-8) into this tape, replacing its contents.
    ///
    /// Iterative rather than recursive, so the depth limit bounds only the container stack and
    /// never the machine stack. Total: every input either parses or throws a `malformed` or
    /// `too_deep` failure naming the byte offset.
    public mutating func parse(_ input: UnsafeRawBufferPointer, maxDepth: Int) throws(DecodeFailure) {
        guard input.count < Int(UInt32.max) else { throw DecodeFailure(.oversized, "payload exceeds 4 GiB") }
        // Every token takes at least one byte, and every open container one more.
        reserve(tokens: input.count + 1, depth: min(maxDepth, input.count) + 1)
        count = 0
        bytes = input
        var parser = Parser(buffer: buffer, scanner: JSONScanner(input), maxDepth: maxDepth)
        do throws(DecodeFailure) {
            try parser.run()
        } catch {
            count = 0
            throw error
        }
        count = parser.count
    }
}

/// The parse loop's state, kept in locals and raw pointers so the loop does no array bookkeeping.
private struct Parser {
    let tokens: UnsafeMutablePointer<JSONToken>
    let stack: UnsafeMutablePointer<Int>
    let maxDepth: Int
    var scanner: JSONScanner
    var count = 0
    var depth = 0

    init(buffer: TapeBuffer, scanner: JSONScanner, maxDepth: Int) {
        tokens = buffer.tokens
        stack = buffer.stack
        self.scanner = scanner
        self.maxDepth = maxDepth
    }

    mutating func run() throws(DecodeFailure) {
        scanner.skipWhitespace()
        repeat {
            try parseValue()
            try closeCompletedValues()
        } while depth > 0
        scanner.skipWhitespace()
        if !scanner.atEnd { throw scanner.failure("unexpected data after the JSON value") }
    }

    /// Parses one value at the cursor. Containers are opened, and while they are not empty the
    /// loop descends into their first member; it returns after a scalar or an empty container.
    @inline(__always)
    private mutating func parseValue() throws(DecodeFailure) {
        while true {
            guard let byte = scanner.peek() else { throw scanner.failure("unexpected end of input") }
            let start = UInt32(scanner.position)
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < maxDepth else {
                    throw DecodeFailure(.tooDeep, "nesting deeper than \(maxDepth) levels at byte \(scanner.position)")
                }
                let isObject = byte == UInt8(ascii: "{")
                stack[depth] = count
                depth += 1
                tokens[count] = JSONToken(kind: isObject ? .object : .array, flag: false, start: start, length: 0, next: 0)
                count += 1
                scanner.advance()
                scanner.skipWhitespace()
                if scanner.peek() == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) { return }
                if isObject { try parseKey() }
                continue
            case UInt8(ascii: "\""):
                let (length, escaped) = try scanner.scanString()
                appendScalar(.string, flag: escaped, start: start + 1, length: length)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (length, integral) = try scanner.scanNumber()
                appendScalar(.number, flag: integral, start: start, length: length)
            case UInt8(ascii: "t"):
                try scanner.expectLiteral("true")
                appendScalar(.bool, flag: true, start: start, length: 4)
            case UInt8(ascii: "f"):
                try scanner.expectLiteral("false")
                appendScalar(.bool, flag: false, start: start, length: 5)
            case UInt8(ascii: "n"):
                try scanner.expectLiteral("null")
                appendScalar(.null, flag: false, start: start, length: 4)
            default:
                throw scanner.failure("unexpected character")
            }
            return
        }
    }

    @inline(__always)
    private mutating func appendScalar(_ kind: JSONKind, flag: Bool, start: UInt32, length: UInt32) {
        tokens[count] = JSONToken(kind: kind, flag: flag, start: start, length: length, next: UInt32(count + 1))
        count += 1
    }

    /// After a value: counts it in its container, then consumes `,` (and the next key) or closes
    /// containers until a new value is expected or the root is complete.
    @inline(__always)
    private mutating func closeCompletedValues() throws(DecodeFailure) {
        // An empty container that was just opened is still open (its `next` is unset).
        let last = tokens[count - 1]
        var justOpenedEmpty = last.next == 0 && (last.kind == .object || last.kind == .array)
        while depth > 0 {
            let top = stack[depth - 1]
            if !justOpenedEmpty { tokens[top].length += 1 }
            justOpenedEmpty = false
            scanner.skipWhitespace()
            guard let byte = scanner.peek() else { throw scanner.failure("unexpected end of input") }
            let isObject = tokens[top].kind == .object
            if byte == UInt8(ascii: ",") {
                scanner.advance()
                scanner.skipWhitespace()
                if isObject { try parseKey() }
                return
            }
            guard byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                throw scanner.failure(isObject ? "expected ',' or '}'" : "expected ',' or ']'")
            }
            scanner.advance()
            tokens[top].next = UInt32(count)
            depth -= 1
        }
    }

    /// Parses `"key" :` and leaves the cursor at the member's value.
    @inline(__always)
    private mutating func parseKey() throws(DecodeFailure) {
        guard scanner.peek() == UInt8(ascii: "\"") else { throw scanner.failure("expected a quoted key") }
        let start = UInt32(scanner.position + 1)
        let (length, escaped) = try scanner.scanString()
        tokens[count] = JSONToken(kind: .string, flag: escaped, start: start, length: length, next: UInt32(count + 1))
        count += 1
        scanner.skipWhitespace()
        guard scanner.peek() == UInt8(ascii: ":") else { throw scanner.failure("expected ':' after a key") }
        scanner.advance()
        scanner.skipWhitespace()
    }
}
