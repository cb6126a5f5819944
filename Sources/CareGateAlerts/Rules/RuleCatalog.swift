import CareGateCore

/// The alert catalogue of alerts.md as code: every rule the engine runs, in evaluation order, and
/// the settings sections a config file may name.
public enum RuleCatalog {
    /// Every rule, in the order the engine evaluates them for one message.
    static let rules: [any AlertRule] = [
        FallRule(), SOSRule(), ApneaRule(), BedExitRule(), BathroomStayRule(), TipOverRule(), WanderingRule(),
        HeartRateRule(), RespirationRule(), SpO2Rule(), TemperatureRule(), RepositioningRule(),
        WheelchairFaultRule(), BedNotSafeRule(), DeviceOfflineRule(), LowBatteryRule(), NotWornRule(), HoistExamRule(),
    ]

    /// The ids of every rule.
    public static var ruleIDs: [RuleID] { rules.map { type(of: $0).id } }

    /// Sections a settings dictionary may contain: every rule plus `lifecycle`.
    public static var settingSections: [RuleID] { ruleIDs + [.lifecycle] }

    /// The settings `section` declares, or nil if there is no such rule or section.
    public static func settings(of section: RuleID) -> [SettingSpec]? {
        if section == .lifecycle { return LifecycleSettings.specs }
        return rules.first { type(of: $0).id == section }.map { type(of: $0).settings }
    }

    /// The state type persisted under `rule`, for decoding stored rule state.
    static func stateType(of rule: RuleID) -> (any RuleStateValue.Type)? {
        if rule == .suppression { return SuppressionWindows.self }
        return rules.first { type(of: $0).id == rule }.map { stateType(of: $0) }
    }

    private static func stateType<R: AlertRule>(of rule: R) -> any RuleStateValue.Type { R.State.self }
}
