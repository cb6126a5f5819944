import CareGateAlerts
import CareGateCore
import Foundation

/// What `caregate check-config FILE` checks: the file itself, and everything it points at that
/// would stop or degrade the daemon (profiles, the registry seed, rule settings, secret and TLS
/// files). Each problem is one line, `file:line: reason`.
public struct ConfigurationCheck: Sendable {
    public var problems: [String] = []
    public var summary: String = ""

    public var passed: Bool { problems.isEmpty }

    /// Checks the configuration in `loaded` (read from `file`).
    public static func run(_ loaded: GatewayConfiguration.Loaded, file: String) -> ConfigurationCheck {
        var check = ConfigurationCheck()
        check.problems = loaded.problems
        let configuration = loaded.configuration

        let (_, settingIssues) = AlertSettings.validated(configuration.alerts.rules)
        for issue in settingIssues {
            let line = issue.path.first.flatMap { configuration.alerts.ruleLines[$0] } ?? 1
            check.problems.append("\(file):\(line): alerts.rules.\(issue.description)")
        }

        var profileCount = 0
        var kinds: [String: DeviceKind] = [:]
        do {
            let library = try ProfileLibrary.load(directory: configuration.devicesDirectory)
            check.problems += library.issues.map(\.description)
            profileCount = library.catalog.profiles.count
            for profile in library.catalog.profiles { kinds[profile.id] = profile.kind }
            if profileCount == 0 {
                check.problems.append("\(file):\(loaded.line(of: "devices_dir")): devices_dir \(configuration.devicesDirectory) holds no valid profile")
            }
        } catch {
            check.problems.append("\(file):\(loaded.line(of: "devices_dir")): devices_dir \(configuration.devicesDirectory) cannot be read: \(error.localizedDescription)")
        }

        var deviceCount = 0
        if let seedPath = configuration.registrySeed {
            let (seed, issues) = RegistrySeed.load(path: seedPath, site: configuration.site, profileKinds: kinds)
            check.problems += issues.map(\.description)
            deviceCount = seed.devices.count
        }

        var brokers = [("broker", configuration.broker)]
        if configuration.bridge.enabled { brokers.append(("bridge", configuration.bridge.broker)) }
        for (section, broker) in brokers {
            for (key, path) in [("password_file", broker.passwordFile), ("ca_file", broker.caFile),
                                ("cert_file", broker.certFile), ("key_file", broker.keyFile)] {
                if let path, !FileManager.default.isReadableFile(atPath: path) {
                    check.problems.append("\(file):\(loaded.line(of: "\(section).\(key)")): \(section).\(key) \(path) cannot be read")
                }
            }
        }
        check.summary = "\(file): site \(configuration.site), \(profileCount) device profiles, \(deviceCount) seeded devices"
        return check
    }
}
