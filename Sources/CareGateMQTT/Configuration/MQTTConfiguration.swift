/// Everything the MQTT client needs to know to connect, stay connected and say who it is.
///
/// Defaults suit the gateway: a persistent session (`cleanSession == false`) so that QoS 1 messages
/// published while the gateway restarts wait at the broker, jittered reconnects capped at 2 s, and
/// MQTT 3.1.1.
///
/// Keys: `host`, `port`, `clientId` (stable across restarts, or the broker cannot find the
/// session), `cleanSession`, `keepAliveSeconds`, `username`, `password`, `tls`, `will` (also
/// published by a graceful stop), `birth` (published on every connect), `subscriptions`,
/// `reconnect`, `maxInflightMessages`, `protocolVersion`, `sessionExpirySeconds` (MQTT 5 only),
/// `gracefulStopTimeout`.
public struct MQTTConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var clientId: String
    public var cleanSession: Bool
    /// Seconds between PINGREQs on an idle connection; the broker presumes the client dead after
    /// 1.5 × this and publishes the will. 0 disables keep-alive; otherwise at least 5.
    public var keepAliveSeconds: Int
    public var username: String?
    public var password: String?
    public var tls: MQTTTLSConfiguration?
    /// Published by the broker when the connection ends without a DISCONNECT, and by the client
    /// itself on a graceful stop, so the retained value is right either way.
    public var will: MQTTOutgoingMessage?
    /// Published on every successful (re)connect, after the broker has accepted the session.
    public var birth: MQTTOutgoingMessage?
    /// Subscribed on every connect; readiness waits for their SUBACKs.
    public var subscriptions: [MQTTSubscription]
    public var reconnect: ReconnectBackoff
    /// QoS 1/2 messages the client may have in flight each way; more keeps the pipe full across
    /// the PUBACK round trip.
    public var maxInflightMessages: Int
    public var protocolVersion: MQTTProtocolVersion
    /// MQTT 5 Session Expiry Interval sent with a persistent session; `UInt32.max` means never.
    public var sessionExpirySeconds: UInt32
    /// How long a graceful stop waits for the broker's PUBACK of the offline message.
    public var gracefulStopTimeout: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 1883,
        clientId: String,
        cleanSession: Bool = false,
        keepAliveSeconds: Int = 30,
        username: String? = nil,
        password: String? = nil,
        tls: MQTTTLSConfiguration? = nil,
        will: MQTTOutgoingMessage? = nil,
        birth: MQTTOutgoingMessage? = nil,
        subscriptions: [MQTTSubscription] = [],
        reconnect: ReconnectBackoff = ReconnectBackoff(),
        maxInflightMessages: Int = 100,
        protocolVersion: MQTTProtocolVersion = .v311,
        sessionExpirySeconds: UInt32 = .max,
        gracefulStopTimeout: Duration = .seconds(2)
    ) {
        self.host = host
        self.port = port
        self.clientId = clientId
        self.cleanSession = cleanSession
        self.keepAliveSeconds = keepAliveSeconds
        self.username = username
        self.password = password
        self.tls = tls
        self.will = will
        self.birth = birth
        self.subscriptions = subscriptions
        self.reconnect = reconnect
        self.maxInflightMessages = maxInflightMessages
        self.protocolVersion = protocolVersion
        self.sessionExpirySeconds = sessionExpirySeconds
        self.gracefulStopTimeout = gracefulStopTimeout
    }

    /// A configuration for `broker`, with TLS switched on (trusting the system's CAs) for `mqtts`.
    public init(broker: BrokerURL, clientId: String) {
        self.init(host: broker.host, port: broker.port, clientId: clientId, tls: broker.usesTLS ? MQTTTLSConfiguration() : nil)
    }

    /// Announces the client's availability on `topic`: retained "online" on every connect, and
    /// retained "offline" as the will (and on a graceful stop), both at QoS 1.
    public mutating func announceAvailability(on topic: String) {
        birth = MQTTOutgoingMessage(topic: topic, text: "online")
        will = MQTTOutgoingMessage(topic: topic, text: "offline")
    }

    /// Checks what libmosquitto would reject later, or reject only on the network thread.
    func validate() throws(MQTTError) {
        if host.isEmpty { throw .invalid("host is empty", key: "host") }
        if !(1 ... 65535).contains(port) { throw .invalid("port \(port) is outside 1...65535", key: "port") }
        if clientId.isEmpty && !cleanSession {
            throw .invalid("a persistent session needs a stable client id", key: "clientId")
        }
        if clientId.utf8.count > 65535 { throw .invalid("client id is too long", key: "clientId") }
        if keepAliveSeconds != 0 && !(5 ... 65535).contains(keepAliveSeconds) {
            throw .invalid("keep-alive must be 0 or 5...65535 seconds", key: "keepAliveSeconds")
        }
        if password != nil && username == nil { throw .invalid("a password needs a username", key: "password") }
        if !(0 ... 65535).contains(maxInflightMessages) {
            throw .invalid("max inflight messages must be 0...65535", key: "maxInflightMessages")
        }
        if reconnect.minimumDelay <= .zero || reconnect.maximumDelay < reconnect.minimumDelay {
            throw .invalid("reconnect delays need 0 < minimum <= maximum", key: "reconnect")
        }
        if let tls, tls.certificateFile != nil && tls.privateKeyFile == nil {
            throw .invalid("a client certificate needs its private key", key: "tls")
        }
        for subscription in subscriptions where subscription.filter.isEmpty {
            throw .invalid("empty topic filter", key: "subscriptions")
        }
        for message in [will, birth].compactMap({ $0 }) where message.topic.isEmpty {
            throw .invalid("empty topic", key: message == will ? "will" : "birth")
        }
    }
}
