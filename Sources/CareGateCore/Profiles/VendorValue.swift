/// A value as a vendor writes it in a payload (`maybe_fall`, `ON`, `1`, `standing_still`), kept
/// in the forms the decoder compares against without allocating: UTF-8 bytes for JSON strings and
/// bare scalars, a number for JSON numbers, a bool for JSON booleans.
///
/// A profile lists vendor values as YAML scalars; `1` matches the JSON number 1 (or 1.0) and the
/// string "1", `true` matches JSON true and the string "true", `ON` matches the string "ON".
public struct VendorValue: Sendable, Hashable, CustomStringConvertible {
    /// The value as written in the profile.
    public let text: String
    let bytes: [UInt8]
    let number: Double?
    let boolean: Bool?

    public init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
        number = bytes.withUnsafeBytes { JSONNumber.double($0) }
        boolean = text == "true" ? true : text == "false" ? false : nil
    }

    public var description: String { text }
}

/// A vendor value mapped to its canonical output, built once so that decoding shares the strings.
public struct ValueMapping: Sendable, Hashable {
    public let vendor: VendorValue
    /// The canonical value (`.text("suspected")`, `.bool(true)`).
    public let value: MetricValue
    /// The edge event emitted whenever the field has this value, if any.
    public let event: DeviceEvent?

    public init(vendor: VendorValue, value: MetricValue, event: DeviceEvent?) {
        self.vendor = vendor
        self.value = value
        self.event = event
    }
}
