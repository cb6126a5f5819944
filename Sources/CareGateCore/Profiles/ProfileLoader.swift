/// Reads one profile YAML file into a `DeviceProfile`, collecting every problem as a
/// `file:line: reason` issue instead of stopping at the first.
///
/// A file with any issue yields no profile: a half-understood profile would quarantine or, worse,
/// mis-read a device's messages. The keys and their defaults are documented in `Devices/README.md`.
public struct ProfileLoader {
    let document: YAMLDocument

    /// Loads `text` (the contents of `file`); the profile is nil when any issue was found.
    public static func load(file: String, text: String) -> (profile: DeviceProfile?, issues: [YAMLIssue]) {
        let loader = ProfileLoader(document: YAMLDocument(file: file, text: text))
        let profile = loader.document.root.flatMap(loader.profile(from:))
        let issues = loader.document.issues
        return (issues.isEmpty ? profile : nil, issues)
    }

    static let rootKeys = [
        "id", "name", "vendor", "model", "kind", "safety_critical", "keepalive_s", "usage", "rules", "ignore", "topics",
    ]

    /// Keepalive when the profile names none: five minutes, a common vendor heartbeat.
    public static let defaultKeepaliveSeconds = 300

    private func profile(from root: YAMLValue) -> DeviceProfile? {
        guard let map = root.map(knownKeys: Self.rootKeys) else { return nil }
        let id = map.string("id", required: true)
        if let id, !Self.isIdentifier(id, allowing: "._-") {
            map.report("id '\(id)' must be lowercase letters, digits, '.', '_' or '-'", at: "id")
        }
        let kind = map.string("kind", required: true)
        if let kind, !Self.isIdentifier(kind, allowing: "-_") {
            map.report("kind '\(kind)' must be lowercase letters, digits, '-' or '_'", at: "kind")
        }
        let keepalive = map.int("keepalive_s", in: 1...(30 * 86_400)) ?? Self.defaultKeepaliveSeconds
        let ignore = map.stringList("ignore") ?? []
        let ruleDefaults = map.value("rules").flatMap(ruleDefaults(from:)) ?? [:]
        var topics: [TopicSpec] = []
        if let list = map.list("topics", required: true) {
            if list.isEmpty { map.report("a profile needs at least one topic", at: "topics") }
            topics = list.compactMap { topic(from: $0) }
        }
        let draft = DeviceProfile(
            id: id ?? "", name: map.string("name") ?? id ?? "", vendor: map.string("vendor") ?? "",
            model: map.string("model") ?? "", kind: DeviceKind(kind ?? ""),
            safetyCritical: map.bool("safety_critical") ?? false, keepaliveSeconds: keepalive, usage: nil,
            ruleDefaults: ruleDefaults, ignore: ignore, topics: topics, file: document.file)
        var profile = draft
        profile.idLine = map.value("id")?.line ?? 1
        profile.usage = map.value("usage").flatMap { usage(from: $0, profile: draft) }
        return profile
    }

    private func ruleDefaults(from value: YAMLValue) -> [String: [String: Double]]? {
        guard let rules = value.entries() else { return nil }
        var result: [String: [String: Double]] = [:]
        for rule in rules {
            guard let settings = rule.value.entries() else { continue }
            var values: [String: Double] = [:]
            for setting in settings {
                if let number = setting.value.double() { values[setting.key] = number }
            }
            result[rule.key] = values
        }
        return result
    }

    private func usage(from value: YAMLValue, profile: DeviceProfile) -> UsageSpec? {
        guard let map = value.map(knownKeys: ["in_use", "distance", "sessions"]) else { return nil }
        let metrics = profile.metrics
        let events = profile.eventTypes
        func checkMetric(_ metric: String?, in owner: YAMLMap, key: String) {
            if let metric, !metrics.contains(metric) {
                owner.report("metric '\(metric)' is not produced by any field of this profile", at: key)
            }
        }
        var inUse: UsageSpec.InUse?
        if let rule = map.map("in_use", knownKeys: ["metric", "equals", "above"]) {
            let metric = rule.string("metric", required: true)
            checkMetric(metric, in: rule, key: "metric")
            if let metric, let above = rule.double("above") {
                inUse = .above(metric: metric, threshold: above)
            } else if let metric, let equals = rule.value("equals") {
                inUse = .equals(metric: metric, value: Self.metricValue(of: equals))
            } else if metric != nil {
                rule.value.report("in_use needs 'equals' or 'above'")
            }
        }
        var distance: String?
        if let rule = map.map("distance", knownKeys: ["metric"]) {
            distance = rule.string("metric", required: true)
            checkMetric(distance, in: rule, key: "metric")
        }
        var start: String?
        var end: String?
        if let sessions = map.map("sessions", knownKeys: ["start", "end"]) {
            start = sessions.string("start", required: true)
            end = sessions.string("end", required: true)
            for (key, event) in [("start", start), ("end", end)] {
                if let event, !events.contains(event) {
                    sessions.report("event '\(event)' is not emitted by any topic of this profile", at: key)
                }
            }
        }
        return UsageSpec(inUse: inUse, distanceMetric: distance, sessionStart: start, sessionEnd: end)
    }

    /// A YAML scalar as a canonical value: true/false as bools, numbers as numbers, else text.
    static func metricValue(of value: YAMLValue) -> MetricValue {
        let text = value.scalarText ?? ""
        if text == "true" || text == "false" { return .bool(text == "true") }
        if let number = Array(text.utf8).withUnsafeBytes({ JSONNumber.double($0) }) { return .number(number) }
        return .text(text)
    }

    static func isIdentifier(_ text: String, allowing extra: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || extra.unicodeScalars.contains($0)
        }
    }
}
