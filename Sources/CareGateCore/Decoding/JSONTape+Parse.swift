extension JSONTape {
    /// Parses `input` (already checked for size and UTF-8) into this tape, replacing its contents.
    ///
    /// Iterative rather than recursive, so the depth limit bounds only the container stack and
    /// never the machine stack. Total: every input either parses or throws a `malformed` or
    /// `too_deep` failure naming the byte offset.
    public mutating func parse(_ input: UnsafeRawBufferPointer, maxDepth: Int) throws(DecodeFailure) {
        tokens.removeAll(keepingCapacity: true)
        openContainers.removeAll(keepingCapacity: true)
        bytes = input
        var scanner = JSONScanner(input)
        guard input.count <= Int(UInt32.max) else { throw DecodeFailure(.oversized, "payload exceeds 4 GiB") }

        scanner.skipWhitespace()
        while true {
            try parseValue(&scanner, maxDepth: maxDepth)
            // A value just completed (or a container opened and needs its first member).
            try closeCompletedValues(&scanner)
            if openContainers.isEmpty { break }
        }
        scanner.skipWhitespace()
        if !scanner.atEnd { throw scanner.failure("unexpected data after the JSON value") }
    }

    /// Parses one value at the cursor. Containers are opened, and while they are not empty the
    /// loop descends into their first member; it returns after a scalar or an empty container.
    private mutating func parseValue(_ scanner: inout JSONScanner, maxDepth: Int) throws(DecodeFailure) {
        while true {
            guard let byte = scanner.peek() else { throw scanner.failure("unexpected end of input") }
            let start = UInt32(scanner.position)
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard openContainers.count < maxDepth else {
                    throw DecodeFailure(.tooDeep, "nesting deeper than \(maxDepth) levels at byte \(scanner.position)")
                }
                let isObject = byte == UInt8(ascii: "{")
                openContainers.append(tokens.count)
                tokens.append(JSONToken(kind: isObject ? .object : .array, flag: false, start: start, length: 0, next: 0))
                scanner.advance()
                scanner.skipWhitespace()
                if scanner.peek() == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) { return }
                if isObject { try parseKey(&scanner) }
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

    private mutating func appendScalar(_ kind: JSONKind, flag: Bool, start: UInt32, length: UInt32) {
        tokens.append(JSONToken(kind: kind, flag: flag, start: start, length: length, next: UInt32(tokens.count + 1)))
    }

    /// After a value: counts it in its container, then consumes `,` (and the next key) or closes
    /// containers until a new value is expected or the root is complete.
    private mutating func closeCompletedValues(_ scanner: inout JSONScanner) throws(DecodeFailure) {
        var justOpenedEmpty = tokens.last.map { $0.next == 0 && ($0.kind == .object || $0.kind == .array) } ?? false
        while let top = openContainers.last {
            if !justOpenedEmpty { tokens[top].length += 1 }
            justOpenedEmpty = false
            scanner.skipWhitespace()
            guard let byte = scanner.peek() else { throw scanner.failure("unexpected end of input") }
            let isObject = tokens[top].kind == .object
            if byte == UInt8(ascii: ",") {
                scanner.advance()
                scanner.skipWhitespace()
                if isObject { try parseKey(&scanner) }
                return
            }
            guard byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                throw scanner.failure(isObject ? "expected ',' or '}'" : "expected ',' or ']'")
            }
            scanner.advance()
            tokens[top].next = UInt32(tokens.count)
            openContainers.removeLast()
        }
    }

    /// Parses `"key" :` and leaves the cursor at the member's value.
    private mutating func parseKey(_ scanner: inout JSONScanner) throws(DecodeFailure) {
        guard scanner.peek() == UInt8(ascii: "\"") else { throw scanner.failure("expected a quoted key") }
        let start = UInt32(scanner.position + 1)
        let (length, escaped) = try scanner.scanString()
        tokens.append(JSONToken(kind: .string, flag: escaped, start: start, length: length, next: UInt32(tokens.count + 1)))
        scanner.skipWhitespace()
        guard scanner.peek() == UInt8(ascii: ":") else { throw scanner.failure("expected ':' after a key") }
        scanner.advance()
        scanner.skipWhitespace()
    }
}
