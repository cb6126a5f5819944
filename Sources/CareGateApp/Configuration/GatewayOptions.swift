import ArgumentParser
import CareGateCore
import Foundation

/// The flags both executables share: `--config` and the contract's overrides of the common keys.
public struct GatewayOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: "Configuration file (default: /etc/caregate/caregate.yaml when it exists).")
    public var config: String?

    @Option(name: .long, help: "Broker URL, mqtt://HOST:PORT or mqtts://HOST:PORT.")
    public var broker: String?

    @Option(name: .long, help: "Site id used in topics and records.")
    public var site: String?

    @Option(name: .customLong("state-dir"), help: "Directory for the databases and the ingest journal.")
    public var stateDir: String?

    @Option(name: .long, help: "HTTP API listen address, HOST:PORT (port 0 picks a free port).")
    public var http: String?

    @Option(name: .customLong("devices-dir"), help: "Directory of device profiles.")
    public var devicesDir: String?

    @Option(name: .customLong("alert-log"), help: "Alert log file (one JSON line per transition).")
    public var alertLog: String?

    public init() {}

    /// The default configuration file, used when it exists and `--config` is not given.
    public static let defaultConfigPath = "/etc/caregate/caregate.yaml"

    /// Reads the configuration file (if any) and applies the flags. Problems in the file come back
    /// as issues (`file:line: reason`), problems with the flags as `--flag: reason`.
    public func resolve() -> GatewayConfiguration.Loaded {
        var loaded: GatewayConfiguration.Loaded
        if let config {
            loaded = GatewayConfiguration.load(path: config)
        } else if FileManager.default.fileExists(atPath: Self.defaultConfigPath) {
            loaded = GatewayConfiguration.load(path: Self.defaultConfigPath)
        } else {
            loaded = GatewayConfiguration.Loaded(configuration: GatewayConfiguration(), issues: [])
        }
        apply(to: &loaded)
        return loaded
    }

    private func apply(to loaded: inout GatewayConfiguration.Loaded) {
        func problem(_ flag: String, _ message: String) {
            loaded.flagProblems.append("--\(flag): \(message)")
        }
        if let broker {
            if let reason = GatewayConfiguration.brokerURLProblem(broker) { problem("broker", reason) } else { loaded.configuration.broker.url = broker }
        }
        if let site {
            if GatewayConfiguration.isValidSiteId(site) { loaded.configuration.site = site } else { problem("site", "site '\(site)' must be letters, digits, '-' or '_'") }
        }
        if let stateDir { loaded.configuration.stateDirectory = stateDir }
        if let http {
            if GatewayConfiguration.hostPort(http) == nil { problem("http", "expected HOST:PORT, found '\(http)'") } else { loaded.configuration.http.listen = http }
        }
        if let devicesDir { loaded.configuration.devicesDirectory = devicesDir }
        if let alertLog { loaded.configuration.alertLog = alertLog }
    }
}
