import CareGateCore
import Testing

/// A catalog of inline profiles that must load without issues.
func catalog(_ texts: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> ProfileCatalog {
    let (catalog, issues) = ProfileCatalog.load(files: texts.enumerated().map { ("p\($0.offset).yaml", $0.element) })
    try #require(issues.isEmpty, "\(issues)", sourceLocation: sourceLocation)
    return catalog
}

/// A minimal valid profile with one JSON telemetry topic; `fields` and `extra` are YAML lines.
func profileYAML(
    id: String = "test.device", topic: String = "care/{site}/test/{deviceId}/telemetry", extra: String = "",
    topicExtra: String = "", fields: [String]
) -> String {
    """
    id: \(id)
    kind: test
    \(extra)
    topics:
      - topic: \(topic)
        role: telemetry
    \(topicExtra.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        fields:
    \(fields.map { "      - " + $0 }.joined(separator: "\n"))
    """
}
