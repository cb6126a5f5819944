import CareGateCore
import Foundation

/// The repository's `Devices/` profiles and test fixtures, located from this file's path so the
/// tests read exactly what ships.
enum ShippedProfiles {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let devicesDirectory = repositoryRoot.appendingPathComponent("Devices")
    static let fixturesDirectory = repositoryRoot.appendingPathComponent("Tests/CareGateCoreTests/Fixtures")

    /// Every `*.yaml` under `Devices/`, as (file name, text), sorted by name.
    static func files() throws -> [(name: String, text: String)] {
        try FileManager.default.contentsOfDirectory(atPath: devicesDirectory.path)
            .filter { $0.hasSuffix(".yaml") }
            .sorted()
            .map { ($0, try String(contentsOf: devicesDirectory.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// The catalog of every shipped profile and the issues loading found.
    static func load() throws -> (catalog: ProfileCatalog, issues: [YAMLIssue]) {
        ProfileCatalog.load(files: try files())
    }
}
