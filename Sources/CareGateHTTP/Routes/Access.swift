/// Who may call an endpoint.
public enum Access: Sendable, Hashable, CustomStringConvertible {
    /// Anyone: liveness and readiness (`/health`), which load balancers and systemd probes call
    /// without credentials and which reveal nothing but the gateway's state.
    case open
    /// Anyone on this machine; from elsewhere a token with the scope. For `/metrics`: a local
    /// Prometheus or node exporter scrapes without configuration, while a bound-to-LAN gateway
    /// does not hand its metrics to the whole network.
    case loopbackOr(Scope)
    /// Any valid token; the endpoint itself decides (a consumer reads and commits its own
    /// cursors, an admin anyone's).
    case anyConsumer
    /// A token with this scope (or `admin`).
    case scope(Scope)

    /// The scope an OpenAPI operation documents (`x-scope`), or nil for none.
    public var scope: Scope? {
        switch self {
        case .open, .anyConsumer: nil
        case .loopbackOr(let scope), .scope(let scope): scope
        }
    }

    public var description: String {
        switch self {
        case .open: "open"
        case .loopbackOr(let scope): "loopback or \(scope)"
        case .anyConsumer: "any consumer"
        case .scope(let scope): scope.rawValue
        }
    }
}
