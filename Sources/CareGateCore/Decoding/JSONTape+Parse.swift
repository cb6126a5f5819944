extension JSONTape {
    /// Parses `input` (already checked for size and UTF-8) into this tape, replacing its contents.
    ///
    /// One loop with two states, "a value is expected" and "a value just ended", over a container
    /// stack, so the depth limit bounds only that stack and never the machine stack; the cursor and
    /// counters stay in locals so the loop does no bookkeeping in memory. Total: every input
    /// either parses or throws a `malformed` or `too_deep` failure naming the byte offset.
    public mutating func parse(_ input: UnsafeRawBufferPointer, maxDepth: Int) throws(DecodeFailure) {
        guard input.count < Int(UInt32.max) else { throw DecodeFailure(.oversized, "payload exceeds 4 GiB") }
        // Every token takes at least one byte, and every open container one more.
        reserve(tokens: input.count + 1, depth: min(maxDepth, input.count) + 1)
        count = 0
        bytes = input
        count = try Self.parseTokens(input, into: buffer.tokens, stack: buffer.stack, maxDepth: maxDepth)
    }

    private static func parseTokens(
        _ input: UnsafeRawBufferPointer, into tokens: UnsafeMutablePointer<JSONToken>,
        stack: UnsafeMutablePointer<Int>, maxDepth: Int
    ) throws(DecodeFailure) -> Int {
        var scanner = JSONScanner(input)
        var count = 0
        var depth = 0
        scanner.skipWhitespace()
        while true {
            // A value is expected at the cursor.
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
                if scanner.peek() == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    // Empty: closed at once, and it ends as a value of its parent below.
                    scanner.advance()
                    tokens[count - 1].next = UInt32(count)
                    depth -= 1
                } else {
                    if isObject { try parseKey(&scanner, tokens, &count) }
                    continue
                }
            case UInt8(ascii: "\""):
                let (length, escaped) = try scanner.scanString()
                tokens[count] = JSONToken(kind: .string, flag: escaped, start: start + 1, length: length, next: UInt32(count + 1))
                count += 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (length, integral) = try scanner.scanNumber()
                tokens[count] = JSONToken(kind: .number, flag: integral, start: start, length: length, next: UInt32(count + 1))
                count += 1
            case UInt8(ascii: "t"):
                try scanner.expectLiteral("true")
                tokens[count] = JSONToken(kind: .bool, flag: true, start: start, length: 4, next: UInt32(count + 1))
                count += 1
            case UInt8(ascii: "f"):
                try scanner.expectLiteral("false")
                tokens[count] = JSONToken(kind: .bool, flag: false, start: start, length: 5, next: UInt32(count + 1))
                count += 1
            case UInt8(ascii: "n"):
                try scanner.expectLiteral("null")
                tokens[count] = JSONToken(kind: .null, flag: false, start: start, length: 4, next: UInt32(count + 1))
                count += 1
            default:
                throw scanner.failure("unexpected character")
            }

            // A value just ended: count it in its container, then either a `,` expects the next
            // value or a closing bracket ends the container, which is itself a value that ended.
            afterValue: while depth > 0 {
                let top = stack[depth - 1]
                tokens[top].length += 1
                scanner.skipWhitespace()
                guard let next = scanner.peek() else { throw scanner.failure("unexpected end of input") }
                let isObject = tokens[top].kind == .object
                if next == UInt8(ascii: ",") {
                    scanner.advance()
                    scanner.skipWhitespace()
                    if isObject { try parseKey(&scanner, tokens, &count) }
                    break afterValue
                }
                guard next == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw scanner.failure(isObject ? "expected ',' or '}'" : "expected ',' or ']'")
                }
                scanner.advance()
                tokens[top].next = UInt32(count)
                depth -= 1
            }
            if depth == 0 { break }
        }
        scanner.skipWhitespace()
        if !scanner.atEnd { throw scanner.failure("unexpected data after the JSON value") }
        return count
    }

    /// Parses `"key" :` and leaves the cursor at the member's value.
    @inline(__always)
    private static func parseKey(
        _ scanner: inout JSONScanner, _ tokens: UnsafeMutablePointer<JSONToken>, _ count: inout Int
    ) throws(DecodeFailure) {
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
