import Hummingbird

/// The per-request context: Hummingbird's core storage, plus whether the peer connected over
/// the loopback interface (`/metrics` is open to a local Prometheus without a token).
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection comes from 127.0.0.0/8 or ::1 (this machine).
    public let fromLoopback: Bool

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        fromLoopback = Self.isLoopback(source.channel.remoteAddress?.ipAddress)
    }

    /// Whether an IP address text is a loopback address (IPv4, IPv6, or IPv4-mapped IPv6).
    static func isLoopback(_ address: String?) -> Bool {
        guard let address else { return false }
        return address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }
}
