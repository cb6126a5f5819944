/// A cursor over the input bytes with the lexical rules of RFC 8259: strings (escapes, control
/// characters, surrogate pairs), numbers and literals.
///
/// UTF-8 is validated before parsing, so inside strings any byte from 0x80 up is accepted as is.
struct JSONScanner {
    private let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    @inline(__always)
    var atEnd: Bool { position >= bytes.count }

    @inline(__always)
    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    @inline(__always)
    mutating func advance() { position += 1 }

    @inline(__always)
    mutating func skipWhitespace() {
        var i = position
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default:
                position = i
                return
            }
        }
        position = i
    }

    @inline(never)
    func failure(_ message: String) -> DecodeFailure {
        DecodeFailure(.malformed, "\(message) at byte \(position)")
    }

    /// Expects `word` at the cursor (a literal whose first byte has been peeked) and moves past it.
    @inline(__always)
    mutating func expectLiteral(_ word: StaticString) throws(DecodeFailure) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw failure("truncated literal") }
        let literal = word.utf8Start
        for k in 0..<count where bytes[position + k] != literal[k] {
            throw failure("invalid literal")
        }
        position += count
    }

    /// Scans a string whose opening quote is at the cursor; returns its content length and whether
    /// it holds escapes, and leaves the cursor after the closing quote.
    @inline(__always)
    mutating func scanString() throws(DecodeFailure) -> (length: UInt32, escaped: Bool) {
        let start = position + 1
        var i = start
        let end = bytes.count
        var escaped = false
        // The cursor lives in a local while scanning; `position` is written back on every exit.
        while i < end {
            // Eight bytes at a time: skip them if none is a quote, a backslash or a control
            // character, else jump straight to the first one that is.
            if i + 8 <= end {
                let special = Self.specialBytes(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                if special == 0 {
                    i += 8
                    continue
                }
                i += special.trailingZeroBitCount >> 3
            }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                position = i + 1
                return (UInt32(i - start), escaped)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                position = i
                try scanEscape()
                i = position
                continue
            }
            if byte < 0x20 {
                position = i
                throw failure("control character in a string")
            }
            i += 1
        }
        position = i
        throw failure("unterminated string")
    }

    /// A mask whose lowest set bit lies in the first byte of `word` (little-endian) that is `"`,
    /// `\\` or below 0x20, or 0 if there is none (the zero-byte tricks of "Bit Twiddling Hacks";
    /// they are exact for the lowest flagged byte, which is all the scanner uses).
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        return ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- ones &* 0x20) & ~word) & highs
    }

    /// Validates one escape at the cursor (the backslash) and moves past it. A `\u` high surrogate
    /// must be followed by a `\u` low surrogate; a lone surrogate of either kind is malformed, so
    /// that unescaping later can never produce invalid Unicode.
    private mutating func scanEscape() throws(DecodeFailure) {
        guard position + 1 < bytes.count else { throw failure("unterminated escape") }
        switch bytes[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 2
        case UInt8(ascii: "u"):
            let unit = try hexQuad(at: position + 2)
            position += 6
            if (0xDC00...0xDFFF).contains(unit) { throw failure("lone low surrogate") }
            if (0xD800...0xDBFF).contains(unit) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u"),
                    (0xDC00...0xDFFF).contains(try hexQuad(at: position + 2))
                else { throw failure("lone high surrogate") }
                position += 6
            }
        default:
            throw failure("invalid escape")
        }
    }

    private func hexQuad(at offset: Int) throws(DecodeFailure) -> UInt16 {
        guard offset + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var value: UInt16 = 0
        for k in 0..<4 {
            guard let digit = JSONScanner.hexValue(bytes[offset + k]) else { throw failure("invalid \\u escape") }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Scans `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` at the cursor; returns its length and
    /// whether it is written as an integer.
    @inline(__always)
    mutating func scanNumber() throws(DecodeFailure) -> (length: UInt32, integral: Bool) {
        let start = position
        var integral = true
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), isDigit(first) else { throw failure("invalid number") }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            integral = false
            position += 1
            guard let digit = peek(), isDigit(digit) else { throw failure("invalid number: digit expected after '.'") }
            skipDigits()
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            integral = false
            position += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            guard let digit = peek(), isDigit(digit) else { throw failure("invalid number: exponent digits expected") }
            skipDigits()
        }
        return (UInt32(position - start), integral)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    @inline(__always)
    private mutating func skipDigits() {
        var i = position
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        position = i
    }
}
