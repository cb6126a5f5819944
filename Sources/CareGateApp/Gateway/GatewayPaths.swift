import Foundation

/// Where the gateway keeps its state inside `state_dir`, created with owner-only permissions:
/// the state directory holds health data and must be readable by the service user only.
public struct GatewayPaths: Sendable {
    public let stateDirectory: String

    public init(stateDirectory: String) {
        self.stateDirectory = stateDirectory
    }

    var buffer: String { stateDirectory + "/buffer.sqlite" }
    var control: String { stateDirectory + "/alerts.sqlite" }
    var journal: String { stateDirectory + "/journal" }
    /// The operator token the local CLI uses for the HTTP API.
    public var operatorToken: String { stateDirectory + "/operator.token" }
    /// The HTTP port actually bound (useful when configured as port 0).
    public var httpPort: String { stateDirectory + "/http.port" }
    /// Space held back so alerting can still write when the disk fills up.
    var reserve: String { stateDirectory + "/reserve" }
    /// Fingerprint of the registry seed last applied (see `RegistryStore.applySeed`).
    var appliedSeed: String { stateDirectory + "/registry-seed.sha256" }

    /// Creates the state directory (mode 0700) if needed.
    func prepare() throws {
        try FileManager.default.createDirectory(
            atPath: stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: stateDirectory)
    }
}
