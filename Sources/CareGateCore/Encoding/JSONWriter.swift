/// Writes compact JSON into a reusable byte buffer without Foundation.
///
/// Used wherever CareGate emits JSON on a hot or latency-sensitive path: the canonical `props` of
/// every stored reading, alert transitions on MQTT and in the alert log, NDJSON pages. Reusing one
/// writer per thread makes steady-state encoding allocation-free.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]
    private var needsComma: [Bool]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
        needsComma = []
        needsComma.reserveCapacity(8)
    }

    /// Forgets what was written, keeping the capacity.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma.removeAll(keepingCapacity: true)
    }

    /// The JSON written so far, as a String.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma.removeLast()
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma.removeLast()
    }

    /// Writes `"key":`; the next value written belongs to it.
    public mutating func key(_ key: String) {
        separate()
        appendString(key)
        bytes.append(UInt8(ascii: ":"))
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    public mutating func value(_ value: String) {
        separate()
        appendString(value)
    }

    public mutating func value(_ value: Int64) {
        separate()
        appendInteger(value)
    }

    public mutating func value(_ value: Int) { self.value(Int64(value)) }

    public mutating func value(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    /// Writes a number; integral values without a fraction, non-finite values as `null`.
    public mutating func value(_ value: Double) {
        separate()
        appendDouble(value)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: Self.nullBytes)
    }

    public mutating func value(_ value: MetricValue) {
        switch value {
        case .number(let number): self.value(number)
        case .bool(let flag): self.value(flag)
        case .text(let text): self.value(text)
        }
    }

    /// Writes `"key":value`, or nothing when the value is nil.
    public mutating func field(_ key: String, _ value: String?) {
        guard let value else { return }
        self.key(key)
        self.value(value)
    }

    public mutating func field(_ key: String, _ value: Int64?) {
        guard let value else { return }
        self.key(key)
        self.value(value)
    }

    public mutating func field(_ key: String, _ value: Bool) {
        self.key(key)
        self.value(value)
    }

    /// Writes readings as one object `{"metric":value,...}`.
    public mutating func object(_ readings: [Reading]) {
        beginObject()
        for reading in readings {
            key(reading.metric)
            value(reading.value)
        }
        endObject()
    }

    /// Writes a dictionary of scalars with keys sorted, so equal content gives equal bytes.
    public mutating func object(_ dictionary: [String: MetricValue]) {
        beginObject()
        for name in dictionary.keys.sorted() {
            key(name)
            value(dictionary[name]!)
        }
        endObject()
    }

    /// Appends raw, already valid JSON as the next value.
    public mutating func raw(_ json: String) {
        separate()
        var json = json
        json.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func separate() {
        guard !needsComma.isEmpty else { return }
        if needsComma[needsComma.count - 1] {
            bytes.append(UInt8(ascii: ","))
        } else {
            needsComma[needsComma.count - 1] = true
        }
    }

    private mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 0x0A: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48])
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendInteger(_ value: Int64) {
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        while magnitude > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        bytes[start...].reverse()
    }

    private mutating func appendDouble(_ value: Double) {
        guard value.isFinite else {
            bytes.append(contentsOf: Self.nullBytes)
            return
        }
        if value == value.rounded(), abs(value) < 9.0e15 {
            appendInteger(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let nullBytes = Array("null".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)
}
