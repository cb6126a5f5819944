import CareGateCore

extension DeviceMessage {
    /// The numeric value of `metric` in this message.
    func number(_ metric: String) -> Double? { readings[metric]?.number }

    /// A boolean metric; profiles may deliver 0/1 numbers for booleans, which count too.
    func flag(_ metric: String) -> Bool? {
        switch readings[metric] {
        case .bool(let value): value
        case .number(let value): value != 0
        case .text(let value): value == "true" ? true : value == "false" ? false : nil
        case nil: nil
        }
    }

    /// A text metric (an enumeration such as `posture`).
    func text(_ metric: String) -> String? { readings[metric]?.text }

    func hasEvent(_ type: String) -> Bool { events.contains { $0.type == type } }

    func event(_ type: String) -> DeviceEvent? { events.first { $0.type == type } }

    func hasAnyEvent(_ types: Set<String>) -> Bool { events.contains { types.contains($0.type) } }

    func hasAnyReading(_ metrics: Set<String>) -> Bool { readings.contains { metrics.contains($0.metric) } }
}

extension Dictionary where Key == String, Value == MetricValue {
    /// Details with a number, skipping nil.
    static func facts(_ pairs: (String, MetricValue?)...) -> [String: MetricValue] {
        var result: [String: MetricValue] = [:]
        for (key, value) in pairs { if let value { result[key] = value } }
        return result
    }
}

/// Formats a number for a nurse-facing sentence: no trailing `.0`, one decimal otherwise.
func formatted(_ value: Double) -> String {
    if value.rounded() == value, abs(value) < 1e12 { return String(Int64(value)) }
    return String((value * 10).rounded() / 10)
}

/// `n min` or `n s` for a duration in milliseconds.
func formattedDuration(_ millis: EpochMillis) -> String {
    if millis >= 60_000 && millis % 60_000 == 0 { return "\(millis / 60_000) min" }
    if millis >= 60_000 { return formatted(Double(millis) / 60_000) + " min" }
    return formatted(Double(millis) / 1000) + " s"
}
