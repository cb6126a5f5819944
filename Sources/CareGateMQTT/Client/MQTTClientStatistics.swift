/// Counters and the latest facts about the client's connection, for metrics, health and logs.
///
/// A snapshot: `MQTTClient.statistics` copies it under the client's status lock, which the
/// network thread takes only on connection events, never per message.
public struct MQTTClientStatistics: Sendable, Hashable {
    /// Sessions the broker accepted (successful CONNACKs).
    public var connects = 0
    /// Accepted sessions that ended, by network failure, broker shutdown or a stop.
    public var disconnects = 0
    /// Connection attempts after the very first one.
    public var reconnectAttempts = 0
    /// The most recent failure: a refused CONNACK, a failed connect, a lost connection or a
    /// refused subscription.
    public var lastError: MQTTError?
    /// When the broker last accepted the session (the network thread's monotonic clock).
    public var lastConnectAt: ContinuousClock.Instant?
    /// Whether the broker still had the session at the last connect: true after a reconnect to a
    /// persistent session, so messages queued for it are on their way.
    public var sessionPresent = false

    public init() {}
}
