/// A YAML mapping with a fixed set of allowed keys, read key by key with typed accessors.
///
/// Unknown keys are reported when the map is made (a misspelt `keepalive_sec` silently ignored
/// would leave a default in force that nobody chose). Absent optional keys return nil without an
/// issue; `required` keys record "missing key" at the mapping's own line.
public struct YAMLMap {
    /// The mapping node itself.
    public let value: YAMLValue
    private let entries: [String: YAMLValue]
    /// Keys in file order.
    public let keys: [String]

    init(value: YAMLValue, entries: [(key: String, keyLine: Int, value: YAMLValue)], knownKeys: [String]) {
        self.value = value
        var byKey: [String: YAMLValue] = [:]
        var order: [String] = []
        for entry in entries {
            if !knownKeys.contains(entry.key) {
                var message = "unknown key '\(entry.key)'"
                if let near = KeySuggestion.closest(to: entry.key, among: knownKeys) {
                    message += " (did you mean '\(near)'?)"
                }
                value.document.report(message, line: entry.keyLine)
                continue
            }
            byKey[entry.key] = entry.value
            order.append(entry.key)
        }
        self.entries = byKey
        self.keys = order
    }

    /// The value under `key`, or nil if absent. An explicit null counts as absent.
    public subscript(key: String) -> YAMLValue? {
        guard let found = entries[key], !found.isNull else { return nil }
        return found
    }

    /// True when `key` is present with a non-null value.
    public func has(_ key: String) -> Bool { self[key] != nil }

    /// The value under `key`; if absent and `required`, records "missing key".
    public func value(_ key: String, required: Bool = false) -> YAMLValue? {
        if let found = self[key] { return found }
        if required { value.report("missing key '\(key)'") }
        return nil
    }

    public func string(_ key: String, required: Bool = false) -> String? {
        value(key, required: required)?.string()
    }

    public func bool(_ key: String, required: Bool = false) -> Bool? {
        value(key, required: required)?.bool()
    }

    public func int(_ key: String, in range: ClosedRange<Int>? = nil, required: Bool = false) -> Int? {
        value(key, required: required)?.int(in: range)
    }

    public func double(_ key: String, in range: ClosedRange<Double>? = nil, required: Bool = false) -> Double? {
        value(key, required: required)?.double(in: range)
    }

    public func list(_ key: String, required: Bool = false) -> [YAMLValue]? {
        value(key, required: required)?.list()
    }

    public func stringList(_ key: String, required: Bool = false) -> [String]? {
        value(key, required: required)?.stringList()
    }

    public func map(_ key: String, knownKeys: [String], required: Bool = false) -> YAMLMap? {
        value(key, required: required)?.map(knownKeys: knownKeys)
    }

    /// Records `message` at the line of `key`'s value, or at the mapping's line if it is absent.
    public func report(_ message: String, at key: String) {
        (entries[key] ?? value).report(message)
    }
}
