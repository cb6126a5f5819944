/// Where the client's connection to the broker stands.
public enum MQTTConnectionState: Sendable, Hashable {
    /// No connection: waiting out the reconnect backoff, stopped, or not started.
    case disconnected
    /// A TCP/TLS connection is being opened, or CONNECT is awaiting the broker's CONNACK.
    case connecting
    /// The broker accepted the session. Subscriptions may still await their SUBACK: see
    /// `MQTTClient.isReady`.
    case connected
}
