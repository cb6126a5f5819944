/// The value of one canonical metric after decoding: a number in the metric's canonical unit, a
/// boolean, or a short text (an enumeration such as `posture`, or a `zone` name).
public enum MetricValue: Sendable, Hashable {
    case number(Double)
    case bool(Bool)
    case text(String)

    /// The numeric value, if this is a number.
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The boolean value, if this is a boolean.
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The text value, if this is a text.
    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

extension MetricValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .text(let value): return value
        }
    }
}

extension MetricValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }
}
