import CMosquitto

extension MQTTError {
    /// A libmosquitto status code (`MOSQ_ERR_*`), with named constants callers can match.
    ///
    /// A struct rather than an enum so that codes added by a newer libmosquitto still round-trip.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: Int32

        public init(rawValue: Int32) { self.rawValue = rawValue }

        private init(_ error: mosq_err_t) { self.rawValue = Int32(error.rawValue) }

        public static let noMemory = Code(MOSQ_ERR_NOMEM)
        public static let protocolError = Code(MOSQ_ERR_PROTOCOL)
        public static let invalid = Code(MOSQ_ERR_INVAL)
        public static let noConnection = Code(MOSQ_ERR_NO_CONN)
        public static let connectionRefused = Code(MOSQ_ERR_CONN_REFUSED)
        public static let notFound = Code(MOSQ_ERR_NOT_FOUND)
        public static let connectionLost = Code(MOSQ_ERR_CONN_LOST)
        public static let tls = Code(MOSQ_ERR_TLS)
        public static let payloadSize = Code(MOSQ_ERR_PAYLOAD_SIZE)
        public static let notSupported = Code(MOSQ_ERR_NOT_SUPPORTED)
        public static let auth = Code(MOSQ_ERR_AUTH)
        public static let aclDenied = Code(MOSQ_ERR_ACL_DENIED)
        public static let unknown = Code(MOSQ_ERR_UNKNOWN)
        public static let errno = Code(MOSQ_ERR_ERRNO)
        public static let addressLookup = Code(MOSQ_ERR_EAI)
        public static let proxy = Code(MOSQ_ERR_PROXY)
        public static let malformedUTF8 = Code(MOSQ_ERR_MALFORMED_UTF8)
        public static let keepalive = Code(MOSQ_ERR_KEEPALIVE)
        public static let lookup = Code(MOSQ_ERR_LOOKUP)
        public static let malformedPacket = Code(MOSQ_ERR_MALFORMED_PACKET)
        public static let tlsHandshake = Code(MOSQ_ERR_TLS_HANDSHAKE)
        public static let qosNotSupported = Code(MOSQ_ERR_QOS_NOT_SUPPORTED)
        public static let oversizePacket = Code(MOSQ_ERR_OVERSIZE_PACKET)
        public static let timeout = Code(MOSQ_ERR_TIMEOUT)
        public static let retainNotSupported = Code(MOSQ_ERR_RETAIN_NOT_SUPPORTED)

        public var description: String { LibMosquitto.errorString(rawValue) }
    }
}
