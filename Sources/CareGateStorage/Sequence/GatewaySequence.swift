import Synchronization

/// The gateway-wide sequence carried by every record platforms sync (telemetry, events, alert
/// transitions, usage), shared by both databases so a number is never used twice.
///
/// Each table is written by one writer that draws numbers inside its write transaction, so within
/// an endpoint the sequence order is the commit order and a consumer's cursor never skips a
/// record. Numbers lost to a crash leave gaps, which consumers must accept (they are told so in
/// the API document).
public final class GatewaySequence: Sendable {
    private let last: Atomic<Int64>

    /// Starts after `highest`, the largest number found in any table.
    public init(after highest: Int64) {
        last = Atomic(highest)
    }

    /// Reserves `count` consecutive numbers and returns the first.
    public func reserve(_ count: Int = 1) -> Int64 {
        last.add(Int64(count), ordering: .relaxed).newValue - Int64(count) + 1
    }

    /// The last number handed out.
    public var current: Int64 { last.load(ordering: .relaxed) }
}
