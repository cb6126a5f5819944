extension JSONTape {
    /// True when the string at `index`, unescaped, equals `expected` (UTF-8). Strings without
    /// escapes, nearly all keys and enumeration values, are compared in place without allocating.
    public func stringEquals(_ index: Int, _ expected: [UInt8]) -> Bool {
        let token = self[index]
        guard token.kind == .string else { return false }
        if !token.flag {
            guard Int(token.length) == expected.count else { return false }
            let raw = rawBytes(index)
            return expected.withUnsafeBytes { memcmpEqual(raw, $0) }
        }
        return unescapedBytes(index) == expected
    }

    /// The string at `index`, unescaped.
    public func string(_ index: Int) -> String {
        let token = self[index]
        if !token.flag { return String(decoding: rawBytes(index), as: UTF8.self) }
        return String(decoding: unescapedBytes(index), as: UTF8.self)
    }

    /// The UTF-8 bytes of the string at `index` with escapes resolved. Escapes were validated when
    /// parsing (including surrogate pairs), so this cannot fail.
    public func unescapedBytes(_ index: Int) -> [UInt8] {
        let raw = rawBytes(index)
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let byte = raw[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            let escape = raw[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(hexQuad(raw, i))
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    let low = UInt32(hexQuad(raw, i + 2))
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { out.append($0) }
            default: out.append(escape)
            }
        }
        return out
    }

    private func hexQuad(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt16 {
        var value: UInt16 = 0
        for k in 0..<4 { value = value << 4 | UInt16(JSONScanner.hexValue(raw[at + k]) ?? 0) }
        return value
    }
}

/// Byte equality of two buffers.
@inline(__always)
func memcmpEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    var i = 0
    while i + 8 <= a.count {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < a.count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
