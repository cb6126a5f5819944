import CareGateCore

/// The settings one rule sees for one evaluation, resolved in this order (first wins):
/// the resident's override, the site's `rule@kind` override, the site's `rule` override, the
/// spec's default for the device kind, the spec's default.
///
/// It holds references to dictionaries prepared once per configuration, so building a view per
/// message costs no allocation and a lookup costs one or two small hash probes.
public struct RuleSettingsView: Sendable {
    let resident: [String: Double]?
    let siteForKind: [String: Double]?
    let site: [String: Double]?
    let kind: DeviceKind?

    init(resident: [String: Double]?, siteForKind: [String: Double]?, site: [String: Double]?, kind: DeviceKind?) {
        self.resident = resident
        self.siteForKind = siteForKind
        self.site = site
        self.kind = kind
    }

    /// The effective value of `spec`.
    public subscript(_ spec: SettingSpec) -> Double {
        if let value = resident?[spec.name] { return value }
        if let value = siteForKind?[spec.name] { return value }
        if let value = site?[spec.name] { return value }
        return spec.builtIn(for: kind)
    }

    /// The effective value of a duration setting given in seconds, in milliseconds.
    public func millis(_ spec: SettingSpec) -> EpochMillis {
        EpochMillis((self[spec] * 1000).rounded())
    }
}
