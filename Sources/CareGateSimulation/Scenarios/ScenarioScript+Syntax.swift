import CareGateCore

extension ScenarioScript {
    /// `set DEVICE k=v… for=D`, `event DEVICE TYPE [k=v…]`, `silence DEVICE [for=D] [offline=true]`.
    static func primitive(
        _ name: String, at: EpochMillis, positional: [String], options: [String: String]
    ) -> Result<ScenarioStep, ScenarioError> {
        var options = options
        switch name {
        case "set":
            guard positional.count == 1 else { return .failure(ScenarioError("set takes one device: set DEVICE key=value ... for=90s")) }
            guard let text = options.removeValue(forKey: "for"), let length = parseDuration(text), length > 0 else {
                return .failure(ScenarioError("set needs for=DURATION (e.g. for=90s)"))
            }
            guard !options.isEmpty else { return .failure(ScenarioError("set needs at least one key=value")) }
            return .success(ScenarioStep(at: at, deviceId: positional[0], action: .set(fields(options), forMillis: length)))
        case "event":
            guard positional.count == 2 else { return .failure(ScenarioError("event takes a device and a type: event DEVICE TYPE [key=value ...]")) }
            return .success(ScenarioStep(at: at, deviceId: positional[0], action: .event(type: positional[1], data: fields(options))))
        case "silence":
            guard positional.count == 1 else { return .failure(ScenarioError("silence takes one device: silence DEVICE [for=10m] [offline=true]")) }
            var length: EpochMillis?
            if let text = options.removeValue(forKey: "for") {
                guard let value = parseDuration(text), value > 0 else { return .failure(ScenarioError("bad duration for=\(text)")) }
                length = value
            }
            let offline = options.removeValue(forKey: "offline")
            guard offline == nil || offline == "true" || offline == "false" else {
                return .failure(ScenarioError("offline must be true or false"))
            }
            if let extra = options.keys.sorted().first { return .failure(ScenarioError("unknown option '\(extra)' for silence")) }
            return .success(ScenarioStep(at: at, deviceId: positional[0], action: .silence(forMillis: length, announceOffline: offline == "true")))
        default:
            let known = (ScenarioKind.allCases.map(\.rawValue) + ["set", "event", "silence"]).joined(separator: ", ")
            return .failure(ScenarioError("unknown scenario '\(name)' (known: \(known))"))
        }
    }

    /// Options as fields, in key order so a script always yields the same payloads.
    private static func fields(_ options: [String: String]) -> [SimulatedField] {
        options.keys.sorted().map { SimulatedField($0, SimulatedValue(parsing: options[$0]!)) }
    }

    /// `H:MM:SS`, `MM:SS`, or a whole number with a unit (`500ms`, `90s`, `5m`, `2h`), in milliseconds.
    public static func parseDuration(_ text: String) -> EpochMillis? {
        if text.contains(":") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int64($0) }
            guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
            let numbers = parts.map { $0! }
            guard numbers.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
            return numbers.reduce(0) { $0 * 60 + $1 } * 1000
        }
        for (suffix, unit) in [("ms", EpochMillis(1)), ("s", 1000), ("m", 60_000), ("h", 3_600_000)] where text.hasSuffix(suffix) {
            guard let number = Int64(text.dropLast(suffix.count)), number >= 0, number < 1_000_000_000 else { return nil }
            return number * unit
        }
        return nil
    }

    /// `H:MM:SS` for an offset, as scenario names show it.
    public static func formatOffset(_ millis: EpochMillis) -> String {
        let seconds = millis / 1000
        let two = { (value: Int64) in value < 10 ? "0\(value)" : "\(value)" }
        return "\(seconds / 3600):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }
}
