import CareGateCore

/// One named, documented number a rule reads: its alerts.md default, its unit, and defaults for
/// the device kinds where the catalogue differs (a wheelchair's battery is low at 25 %, a watch's
/// at 20 %).
///
/// Rules declare their specs as static constants and read values through `RuleSettingsView`, so
/// the names that `check-config` validates are exactly the names the rules use.
public struct SettingSpec: Sendable, Hashable {
    public let name: String
    public let defaultValue: Double
    /// `s`, `bpm`, `%`, `°C`, `m`, `days`, ... for documentation and `check-config` output.
    public let unit: String
    public let summary: String
    public let kindDefaults: [DeviceKind: Double]
    /// The smallest accepted value (most settings are durations or thresholds that cannot be negative).
    public let minimum: Double

    public init(
        _ name: String, _ defaultValue: Double, unit: String, _ summary: String,
        kindDefaults: [DeviceKind: Double] = [:], minimum: Double = 0
    ) {
        self.name = name
        self.defaultValue = defaultValue
        self.unit = unit
        self.summary = summary
        self.kindDefaults = kindDefaults
        self.minimum = minimum
    }

    /// The built-in value for a device of `kind`.
    public func builtIn(for kind: DeviceKind?) -> Double {
        if let kind, let value = kindDefaults[kind] { return value }
        return defaultValue
    }
}
