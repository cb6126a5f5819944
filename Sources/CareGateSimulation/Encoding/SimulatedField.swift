/// One canonical metric as a simulated device reports it (`heart_rate` = `72`), before a wire
/// format renders it.
///
/// Devices in the simulator think in the contract's canonical vocabulary; each wire format then
/// speaks it in its own dialect, the reverse of what a device profile does in the gateway.
public struct SimulatedField: Sendable, Hashable {
    public var key: String
    public var value: SimulatedValue

    public init(_ key: String, _ value: SimulatedValue) {
        self.key = key
        self.value = value
    }
}

/// A simulated value, with the number of decimals it is written with so payloads stay compact and
/// realistic (`33.4`, not `33.400000000000006`).
public enum SimulatedValue: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case int(Int64)
    case decimal(Double, places: Int)
    case text(String)

    /// Reads a value written in a scenario script: `true`/`false`, an integer, a decimal (keeping
    /// its decimals), or text.
    public init(parsing text: String) {
        if text == "true" || text == "false" {
            self = .bool(text == "true")
        } else if let number = Int64(text) {
            self = .int(number)
        } else if let number = Double(text), number.isFinite {
            let places = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
            self = .decimal(number, places: min(places, 6))
        } else {
            self = .text(text)
        }
    }

    /// The value as a number, if it is one.
    public var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .decimal(let value, _): value
        case .bool, .text: nil
        }
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    public var description: String {
        if case .text(let value) = self { return value }
        var writer = PayloadWriter(capacity: 16)
        writer.value(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

extension Array where Element == SimulatedField {
    /// The value of `key`, if present.
    subscript(key: String) -> SimulatedValue? {
        first { $0.key == key }?.value
    }

    /// Replaces `key`'s value, or appends the field when absent.
    mutating func set(_ key: String, _ value: SimulatedValue) {
        if let index = firstIndex(where: { $0.key == key }) {
            self[index].value = value
        } else {
            append(SimulatedField(key, value))
        }
    }
}
