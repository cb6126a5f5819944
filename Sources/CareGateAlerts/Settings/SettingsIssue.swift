/// A problem found in configured rule settings, with the path to the offending key so that the
/// config loader can turn it into `file:line: reason` from the YAML marks it keeps.
public struct SettingsIssue: Sendable, Hashable, CustomStringConvertible {
    /// Keys below the settings root, e.g. `["heart_rate", "high_abov"]` or `["low_battery@wheelchair"]`.
    public var path: [String]
    public var reason: String

    public init(path: [String], reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { path.joined(separator: ".") + ": " + reason }
}
