/// Builds compact JSON and scalar payloads straight into bytes.
///
/// The simulator must outrun the gateway it loads (hundreds of thousands of messages a second), so
/// payloads are written without Foundation's JSON encoder, without `Codable` and without
/// intermediate strings: numbers are formatted digit by digit into the one buffer per message.
struct PayloadWriter {
    private(set) var bytes: [UInt8]
    /// One bit per open container: set while it has no member yet (so no comma is due).
    private var empty: UInt64 = 0
    private var depth = 0

    init(capacity: Int = 160) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Opens an object (as a value, or at top level).
    mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        empty |= 1 << UInt64(depth)
    }

    mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        empty &= ~(1 << UInt64(depth))
        depth -= 1
    }

    /// Starts a member `"key":`, with the comma before it when the object already has one.
    mutating func key(_ name: String) {
        if empty & (1 << UInt64(depth)) == 0 {
            bytes.append(UInt8(ascii: ","))
        }
        empty &= ~(1 << UInt64(depth))
        quoted(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends text as is (ASCII literals, pre-built fragments).
    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func raw(_ data: [UInt8]) {
        bytes.append(contentsOf: data)
    }

    mutating func bool(_ value: Bool) {
        raw(value ? "true" : "false")
    }

    mutating func int(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        let end = bytes.count + digits
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var index = end - 1
        repeat {
            bytes[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            index -= 1
        } while magnitude > 0
    }

    /// A number with exactly `places` decimals (`72.50`, `33.4`); integers when `places` is 0.
    mutating func decimal(_ value: Double, places: Int) {
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((value * Double(scale)).rounded())
        if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = Int64(scaled.magnitude)
        int(magnitude / scale)
        guard places > 0 else { return }
        bytes.append(UInt8(ascii: "."))
        var fraction = magnitude % scale
        var divisor = scale / 10
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    /// A JSON string with the escapes RFC 8259 requires.
    mutating func quoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Keys and enumeration values never need escaping: copy them in one go.
        let copied = text.utf8.withContiguousStorageIfAvailable { utf8 in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                return false
            }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0..<0x20:
                raw("\\u00")
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xF)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func value(_ value: SimulatedValue) {
        switch value {
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .decimal(let number, let places): decimal(number, places: places)
        case .text(let text): quoted(text)
        }
    }

    /// Writes `{"k":v,...}` for a list of fields.
    mutating func object(_ fields: [SimulatedField]) {
        open()
        for field in fields {
            key(field.key)
            value(field.value)
        }
        close()
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}
