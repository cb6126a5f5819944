/// TLS settings for the broker connection (`mosquitto_tls_set`).
///
/// With no CA file or directory the operating system's trust store is used, so `mqtts://` to a
/// broker with a public certificate works without configuration.
public struct MQTTTLSConfiguration: Sendable, Hashable {
    /// PEM file of the certificate authorities that sign the broker's certificate.
    public var caFile: String?
    /// Directory of hashed CA certificates (`openssl rehash`), as an alternative to `caFile`.
    public var caDirectory: String?
    /// PEM client certificate, for brokers that require one (`require_certificate true`).
    public var certificateFile: String?
    /// PEM private key for `certificateFile`; it must not be encrypted (the daemon has nobody to ask).
    public var privateKeyFile: String?
    /// Skips the check that the broker's certificate names the host. For tests only: it allows a
    /// man in the middle.
    public var allowInsecureHostname: Bool

    public init(
        caFile: String? = nil,
        caDirectory: String? = nil,
        certificateFile: String? = nil,
        privateKeyFile: String? = nil,
        allowInsecureHostname: Bool = false
    ) {
        self.caFile = caFile
        self.caDirectory = caDirectory
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.allowInsecureHostname = allowInsecureHostname
    }
}
