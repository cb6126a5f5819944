/// A record stream platforms pull with their own cursor: each has an endpoint, a scope and one
/// durable cursor per consumer.
///
/// Every record of every stream carries a gateway sequence number (`seq`) from the one counter
/// both databases share. Within a stream, sequence order is commit order (each table has a single
/// writer that draws numbers inside its write transaction), so "everything after my cursor" never
/// skips a record; numbers used by the other streams, or lost to a crash, leave gaps.
public enum SyncStream: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Readings, one row per accepted telemetry or state message (`buffer.sqlite`).
    case telemetry
    /// Device events, including availability changes (`buffer.sqlite`).
    case events
    /// Alert transitions, the alert log (`alerts.sqlite`).
    case alerts
    /// Finalised rental usage records, per device, contract and day (`buffer.sqlite`).
    case usage
    /// Asset lifecycle events: assigned, returned, disinfected, maintenance (`alerts.sqlite`).
    case assets

    public var description: String { rawValue }
}
