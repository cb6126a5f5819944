import CareGateCore

/// The site's rule settings: every number of the alert catalogue, overridable per site (and per
/// site and device kind with a `rule@kind` key), with per-resident overrides applied on top.
///
/// Built from the config file's `[rule: [setting: value]]` dictionary by `validated(_:)`, which
/// keeps what it understands and reports the rest as readable issues rather than failing, so one
/// typo does not stop a care home's alerting.
public struct AlertSettings: Sendable {
    private var byRule: [RuleID: [String: Double]] = [:]
    private var byRuleAndKind: [RuleKindKey: [String: Double]] = [:]
    /// Escalation, re-notification and suppression numbers, resolved once.
    public private(set) var lifecycle = LifecycleSettings(site: [:])

    private struct RuleKindKey: Hashable, Sendable {
        var rule: RuleID
        var kind: DeviceKind
    }

    /// The catalogue defaults.
    public init() {}

    /// Settings from a config dictionary, with an issue for every unknown rule, unknown setting,
    /// and out-of-range value (those entries are ignored).
    public static func validated(_ overrides: [String: [String: Double]]) -> (AlertSettings, [SettingsIssue]) {
        var settings = AlertSettings()
        var issues: [SettingsIssue] = []
        for (ruleKey, values) in overrides.sorted(by: { $0.key < $1.key }) {
            let parts = ruleKey.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let rule = RuleID(rawValue: parts.first ?? "")
            let kind = parts.count == 2 ? DeviceKind(parts[1]) : nil
            if kind?.rawValue.isEmpty == true {
                issues.append(SettingsIssue(path: [ruleKey], reason: "expected `rule@kind`, the device kind is empty"))
                continue
            }
            let accepted = accept(values, rule: rule, path: [ruleKey], issues: &issues)
            guard let accepted else { continue }
            if let kind {
                settings.byRuleAndKind[RuleKindKey(rule: rule, kind: kind)] = accepted
            } else {
                settings.byRule[rule] = accepted
            }
        }
        settings.lifecycle = LifecycleSettings(site: settings.byRule[.lifecycle] ?? [:])
        return (settings, issues)
    }

    /// Issues in a resident's per-rule overrides (the same names as the site's; no `@kind`).
    public static func issues(inResidentOverrides overrides: [String: [String: Double]]) -> [SettingsIssue] {
        var issues: [SettingsIssue] = []
        for (rule, values) in overrides.sorted(by: { $0.key < $1.key }) {
            _ = accept(values, rule: RuleID(rawValue: rule), path: [rule], issues: &issues)
        }
        return issues
    }

    /// The view `rule` evaluates with, for a device of `kind` and an optional resident.
    public func view(rule: RuleID, kind: DeviceKind?, resident: ResidentRecord?) -> RuleSettingsView {
        RuleSettingsView(
            resident: resident?.overrides[rule.rawValue],
            siteForKind: kind.flatMap { byRuleAndKind[RuleKindKey(rule: rule, kind: $0)] },
            site: byRule[rule],
            kind: kind)
    }

    private static func accept(
        _ values: [String: Double], rule: RuleID, path: [String], issues: inout [SettingsIssue]
    ) -> [String: Double]? {
        guard let specs = RuleCatalog.settings(of: rule) else {
            let known = RuleCatalog.settingSections.map(\.rawValue).joined(separator: ", ")
            issues.append(SettingsIssue(path: path, reason: "unknown rule '\(rule)' (known: \(known))"))
            return nil
        }
        var accepted: [String: Double] = [:]
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let spec = specs.first(where: { $0.name == name }) else {
                let known = specs.map(\.name).joined(separator: ", ")
                issues.append(SettingsIssue(
                    path: path + [name], reason: "unknown setting '\(name)' for rule '\(rule)' (known: \(known))"))
                continue
            }
            guard value.isFinite, value >= spec.minimum else {
                issues.append(SettingsIssue(
                    path: path + [name], reason: "must be a number ≥ \(MetricValue.number(spec.minimum)), got \(value)"))
                continue
            }
            accepted[name] = value
        }
        return accepted
    }
}
