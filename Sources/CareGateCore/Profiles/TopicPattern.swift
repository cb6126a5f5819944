/// An MQTT topic pattern such as `care/{site}/fall-radar/{deviceId}/telemetry`: each level is a
/// literal or a `{name}` placeholder that captures exactly one level.
///
/// `{site}` must equal the gateway's site; `{deviceId}` names the device; any other name captures a
/// level a profile refers to (`key_from`, `event.from`). MQTT's own wildcards are not allowed in
/// literals: the catalog derives the subscription filters itself.
public struct TopicPattern: Sendable, Hashable, CustomStringConvertible {
    /// One level of a pattern: text that must match exactly, or a named placeholder.
    public enum Level: Sendable, Hashable {
        case literal(String)
        case placeholder(String)
    }

    public let levels: [Level]
    /// The pattern as written.
    public let description: String
    /// Level indices of `{site}` and `{deviceId}`, looked up once for the decoder.
    public let siteLevel: Int?
    public let deviceLevel: Int?

    init(levels: [Level], description: String) {
        self.levels = levels
        self.description = description
        siteLevel = levels.firstIndex(of: .placeholder("site"))
        deviceLevel = levels.firstIndex(of: .placeholder("deviceId"))
    }

    /// Parses `text`, or explains why it is not a valid pattern.
    public static func parse(_ text: String) -> Result<TopicPattern, PatternError> {
        guard !text.isEmpty else { return .failure(PatternError("the topic is empty")) }
        var levels: [Level] = []
        var names = Set<String>()
        for part in text.split(separator: "/", omittingEmptySubsequences: false) {
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                let name = String(part.dropFirst().dropLast())
                guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    return .failure(PatternError("placeholder '{\(name)}' may hold only letters, digits and '_'"))
                }
                guard names.insert(name).inserted else {
                    return .failure(PatternError("placeholder '{\(name)}' appears twice"))
                }
                levels.append(.placeholder(name))
            } else {
                if part.contains(where: { "{}+#".contains($0) }) {
                    return .failure(PatternError(
                        "level '\(part)' must be plain text or one whole '{placeholder}' (no '+', '#', or partial braces)"))
                }
                levels.append(.literal(String(part)))
            }
        }
        return .success(TopicPattern(levels: levels, description: text))
    }

    /// The level index of placeholder `name`, if the pattern has it.
    public func levelIndex(of name: String) -> Int? {
        levels.firstIndex(of: .placeholder(name))
    }

    /// The MQTT subscription filter: placeholders become `+`, except those in `fixed`, which
    /// become the given literal (e.g. `site` → this gateway's site).
    public func filter(fixing fixed: [String: String] = [:]) -> String {
        levels.map { level in
            switch level {
            case .literal(let text): text
            case .placeholder(let name): fixed[name] ?? "+"
            }
        }.joined(separator: "/")
    }

    /// Why a topic pattern was rejected.
    public struct PatternError: Error, Sendable, Hashable {
        public var message: String
        init(_ message: String) { self.message = message }
    }
}
