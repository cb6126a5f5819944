import CareGateStorage
import Foundation

/// What a consumer's token allows. Each endpoint names the one scope it needs; `admin` allows
/// everything.
///
/// Scopes are coarse on purpose: a care platform gets `telemetry:read,events:read,alerts:read`, a
/// rental service `usage:read`, the nurse-station software `alerts:read,alerts:write`, the site's
/// IT tooling `admin`.
public enum Scope: String, Sendable, Hashable, CaseIterable, Codable, Comparable, CustomStringConvertible {
    case telemetryRead = "telemetry:read"
    case eventsRead = "events:read"
    case alertsRead = "alerts:read"
    case alertsWrite = "alerts:write"
    case usageRead = "usage:read"
    case registryRead = "registry:read"
    case registryWrite = "registry:write"
    /// `/metrics` from another machine (a loopback scrape needs no token).
    case metrics
    case admin

    public var description: String { rawValue }

    public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Parses a comma-separated list (`telemetry:read,alerts:read`); returns the scopes, or the
    /// first unknown name.
    public static func parseList(_ text: String) -> Result<[Scope], UnknownScope> {
        var scopes: [Scope] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let scope = Scope(rawValue: name) else { return .failure(UnknownScope(name: name)) }
            if !scopes.contains(scope) { scopes.append(scope) }
        }
        return .success(scopes)
    }

    /// The scope that reads a sync stream.
    public static func reading(_ stream: SyncStream) -> Scope {
        switch stream {
        case .telemetry: .telemetryRead
        case .events: .eventsRead
        case .alerts: .alertsRead
        case .usage, .assets: .usageRead
        }
    }

    /// The known scope names, for error messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A scope name that is not one of `Scope`'s.
public struct UnknownScope: Error, Sendable, Hashable, CustomStringConvertible {
    public var name: String

    public init(name: String) {
        self.name = name
    }

    public var description: String { "unknown scope '\(name)' (known: \(Scope.names))" }
}
