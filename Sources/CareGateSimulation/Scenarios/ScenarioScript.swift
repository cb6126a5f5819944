import CareGateCore

/// A site's own scenario timeline in a tiny line format, one step per line:
///
/// ```
/// # offset  what            target   options
/// 0:05:00   fall            fr-0001
/// 0:10:00   bed-exit        R-0003   minutes=25
/// 0:20:00   apnea           R-0002   seconds=30
/// 0:30:00   tip-over        wc-0001
/// 0:40:00   silent-device   fr-0002  minutes=20 offline=true
/// 0:50:00   malformed-burst          count=50 seconds=1
/// # building blocks for timelines of your own
/// 1:00:00   set             fr-0003  posture=fallen motion=none for=90s
/// 1:00:05   event           cb-0001  sos
/// 1:02:00   silence         w-0002   for=10m offline=true
/// ```
/// Offsets count from the start of the simulation: `H:MM:SS`, `MM:SS`, or a number with a unit
/// (`90s`, `5m`, `2h`, `500ms`). A line names a built-in scenario (`ScenarioKind`) or one of the
/// primitive steps `set`, `event` and `silence`. Values are `true`/`false`, numbers or words.
/// YAML would be heavier for a list of timed one-liners; this stays readable in a ticket or a
/// terminal and reports every problem as `file:line: reason`.
public struct ScenarioScript: Sendable, Hashable {
    /// One line that parsed.
    public struct Entry: Sendable, Hashable {
        public var line: Int
        public var content: Content
    }

    /// A line is either a built-in scenario or one primitive step.
    public enum Content: Sendable, Hashable {
        case scenario(ScenarioRequest)
        case step(ScenarioStep)
    }

    public var file: String
    public var entries: [Entry]

    /// Parses a script; lines that cannot be read are reported and left out.
    public static func parse(_ text: String, file: String = "<scenario>") -> (script: ScenarioScript, issues: [ScenarioScriptIssue]) {
        var entries: [Entry] = []
        var issues: [ScenarioScriptIssue] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !line.trimmed.isEmpty else { continue }
            switch parseLine(line) {
            case .success(let content): entries.append(Entry(line: index + 1, content: content))
            case .failure(let error): issues.append(ScenarioScriptIssue(file: file, line: index + 1, message: error.message))
            }
        }
        return (ScenarioScript(file: file, entries: entries), issues)
    }

    /// Parses one line, as a command-line `--scenario "5m fall fr-0001"` would give it.
    public static func parseLine(_ line: String) -> Result<Content, ScenarioError> {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        guard words.count >= 2 else { return .failure(ScenarioError("expected: OFFSET NAME [TARGET] [key=value ...]")) }
        guard let at = parseDuration(words[0]) else {
            return .failure(ScenarioError("bad offset '\(words[0])' (use H:MM:SS, MM:SS, or 90s / 5m / 2h / 500ms)"))
        }
        let positional = words.dropFirst(2).filter { !$0.contains("=") }
        var options: [String: String] = [:]
        for word in words.dropFirst(2) where word.contains("=") {
            let pair = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard !pair[0].isEmpty, options.updateValue(String(pair[1]), forKey: String(pair[0])) == nil else {
                return .failure(ScenarioError("bad or repeated option '\(word)'"))
            }
        }
        if let kind = ScenarioKind(rawValue: words[1]) {
            guard positional.count <= 1 else { return .failure(ScenarioError("\(kind.rawValue) takes one target, got \(positional.count)")) }
            return .success(.scenario(ScenarioRequest(kind, at: at, target: positional.first, options: options)))
        }
        return primitive(words[1], at: at, positional: Array(positional), options: options).map { .step($0) }
    }

    /// Resolves every entry against `fleet`; entries that cannot run are reported.
    public func scenarios(in fleet: Fleet) -> (scenarios: [Scenario], issues: [ScenarioScriptIssue]) {
        var scenarios: [Scenario] = []
        var issues: [ScenarioScriptIssue] = []
        for entry in entries {
            switch entry.content {
            case .scenario(let request):
                do throws(ScenarioError) {
                    scenarios.append(try request.compile(in: fleet))
                } catch {
                    issues.append(ScenarioScriptIssue(file: file, line: entry.line, message: error.message))
                }
            case .step(let step):
                if let id = step.deviceId, fleet.device(id: id) == nil {
                    issues.append(ScenarioScriptIssue(file: file, line: entry.line, message: "no device '\(id)' in the fleet"))
                } else {
                    scenarios.append(Scenario(name: "\(file):\(entry.line)", steps: [step]))
                }
            }
        }
        return (scenarios, issues)
    }
}

/// A problem in a scenario script, printed as `file:line: reason`.
public struct ScenarioScriptIssue: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}
