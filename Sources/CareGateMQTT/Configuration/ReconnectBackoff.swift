/// How long the client waits between connection attempts: capped exponential backoff with full
/// jitter.
///
/// Attempt `n` (counting from 0 after the last successful connection) waits a uniformly random
/// time in `0 ... min(maximumDelay, minimumDelay × 2ⁿ)`. Full jitter spreads a care home's clients
/// over the whole window when their broker comes back, instead of all reconnecting on the same
/// tick, and the cap bounds how long the gateway can stay away from a broker that has returned:
/// with the defaults, at most 2 s plus one connection attempt.
public struct ReconnectBackoff: Sendable, Hashable {
    /// Upper bound of the first wait after a connection is lost.
    public var minimumDelay: Duration
    /// Upper bound of every wait; the bar is "reconnects within 2 s of the broker's return".
    public var maximumDelay: Duration

    public init(minimumDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(2)) {
        self.minimumDelay = minimumDelay
        self.maximumDelay = maximumDelay
    }

    /// The upper bound of the wait before attempt `attempt` (0-based).
    public func ceiling(forAttempt attempt: Int) -> Duration {
        let minimum = minimumDelay.nanoseconds
        let maximum = maximumDelay.nanoseconds
        // Doubling past 2^40 × min would overflow long before it mattered: the cap applies anyway.
        let shift = min(attempt, 40)
        let (grown, overflow) = minimum.multipliedReportingOverflow(by: 1 << shift)
        return .nanoseconds(overflow ? maximum : min(grown, maximum))
    }

    /// A random wait before attempt `attempt`, drawn with `generator` (tests pass a seeded one).
    public func delay(forAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(forAttempt: attempt).nanoseconds
        guard ceiling > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0 ... ceiling, using: &generator))
    }

    /// A random wait before attempt `attempt`, from the system's generator: what the network
    /// thread uses. (An `inout` zero-sized generator shared by name across client threads reads
    /// as a race to ThreadSanitizer; the standard library's own draw does not.)
    public func delay(forAttempt attempt: Int) -> Duration {
        let ceiling = ceiling(forAttempt: attempt).nanoseconds
        guard ceiling > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0 ... ceiling))
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }

    /// The duration in whole milliseconds, for libmosquitto's `int` timeouts.
    var milliseconds: Int64 { nanoseconds / 1_000_000 }
}
