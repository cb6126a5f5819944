/// What a topic carries for a device, which decides how its payload is decoded and stored.
public enum MessageRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Periodic readings (`{"ts","seq","props":{...}}` natively).
    case telemetry
    /// Discrete happenings (`{"ts","seq","type","data"}` natively).
    case event
    /// Retained latest snapshot; stored like telemetry.
    case state
    /// The device's own availability, usually its last will: `online` / `offline`.
    case availability
    /// Monotonic usage counters for rental metering.
    case meter
}
