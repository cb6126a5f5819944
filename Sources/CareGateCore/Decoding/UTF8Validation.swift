/// Checks that bytes are well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing
/// past U+10FFFF, no truncated sequence.
///
/// Device payloads are almost always ASCII, so eight bytes are tested at a time for the high bit
/// before falling back to the byte-wise state machine.
public enum UTF8Validation {
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        var i = 0
        while i < count {
            if i + 8 <= count, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let width: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: width = 2
            case 0xE0: width = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: width = 3
            case 0xED: width = 3; upper = 0x9F
            case 0xF0: width = 4; lower = 0x90
            case 0xF1...0xF3: width = 4
            case 0xF4: width = 4; upper = 0x8F
            default: return false
            }
            guard i + width <= count else { return false }
            let second = bytes[i + 1]
            guard second >= lower, second <= upper else { return false }
            var k = 2
            while k < width {
                guard bytes[i + k] & 0xC0 == 0x80 else { return false }
                k += 1
            }
            i += width
        }
        return true
    }
}
