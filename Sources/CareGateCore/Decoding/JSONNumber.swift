/// Converts JSON number literals to `Double` and `Int64` without Foundation and, in the common
/// case, without allocating.
///
/// The fast path is Clinger's: a mantissa of at most 2^53 scaled by an exact power of ten up to
/// 10^22 gives the correctly rounded result with one multiplication or division. Anything longer
/// falls back to the standard library's correctly rounded, locale-independent `Double(String)`,
/// which for literals under 16 bytes works on a small inline string, so it does not allocate either.
public enum JSONNumber {
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of a literal that follows RFC 8259's number grammar, or nil if it does not.
    public static func double(_ literal: UnsafeRawBufferPointer) -> Double? {
        guard let parts = split(literal) else { return nil }
        if parts.digits <= 19, parts.mantissa <= 1 << 53, abs(parts.exponent) <= 22 {
            var value = Double(parts.mantissa)
            let scale = exactPowersOfTen[abs(parts.exponent)]
            value = parts.exponent < 0 ? value / scale : value * scale
            return parts.negative ? -value : value
        }
        return Double(String(decoding: literal, as: UTF8.self))
    }

    /// The value of an integer literal (no fraction, no exponent) if it fits in `Int64`; for other
    /// literals, their value if it is a whole number within ±2^53 (so `5.0` and `1e3` count).
    public static func int64(_ literal: UnsafeRawBufferPointer) -> Int64? {
        guard let parts = split(literal) else { return nil }
        if parts.exponent == 0, parts.digits <= 19, parts.fractionDigits == 0 {
            if parts.negative {
                return parts.mantissa <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- parts.mantissa) : nil
            }
            return parts.mantissa <= UInt64(Int64.max) ? Int64(parts.mantissa) : nil
        }
        guard let value = double(literal), value.rounded() == value, abs(value) <= 9_007_199_254_740_992 else {
            return nil
        }
        return Int64(value)
    }

    private struct Parts {
        var negative = false
        /// Significant digits as an integer (exact while `digits` ≤ 19).
        var mantissa: UInt64 = 0
        /// Significant digits seen (leading zeros excluded).
        var digits = 0
        var fractionDigits = 0
        /// Power of ten applied to `mantissa`.
        var exponent = 0
    }

    /// Validates the grammar and splits the literal into sign, mantissa and decimal exponent, in
    /// one pass with everything in locals (this runs for most fields of most messages).
    private static func split(_ literal: UnsafeRawBufferPointer) -> Parts? {
        var parts = Parts()
        let count = literal.count
        var i = 0
        if i < count, literal[i] == UInt8(ascii: "-") {
            parts.negative = true
            i += 1
        }
        guard i < count, literal[i] &- UInt8(ascii: "0") < 10 else { return nil }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        if literal[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while i < count {
                let digit = literal[i] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                digits += 1
                // Digits past the 19th do not fit the mantissa; they scale it instead.
                if digits <= 19 { mantissa = mantissa &* 10 &+ UInt64(digit) } else { exponent += 1 }
                i += 1
            }
        }
        if i < count, literal[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < count {
                let digit = literal[i] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                // Leading zeros are not significant but still shift the decimal point.
                if digits > 0 || digit != 0 { digits += 1 }
                if digits <= 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    exponent -= 1
                }
                i += 1
            }
            guard i > start else { return nil }
            parts.fractionDigits = i - start
        }
        if i < count, literal[i] == UInt8(ascii: "e") || literal[i] == UInt8(ascii: "E") {
            i += 1
            var negativeExponent = false
            if i < count, literal[i] == UInt8(ascii: "+") || literal[i] == UInt8(ascii: "-") {
                negativeExponent = literal[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            var written = 0
            while i < count {
                let digit = literal[i] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                written = min(written * 10 + Int(digit), 100_000)
                i += 1
            }
            guard i > start else { return nil }
            exponent += negativeExponent ? -written : written
        }
        guard i == count else { return nil }
        parts.mantissa = mantissa
        parts.digits = digits
        parts.exponent = exponent
        return parts
    }
}
