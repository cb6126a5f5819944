import CareGateAlerts
import CareGateCore
import CareGateStorage
import Foundation

/// `caregate replay`: how many alerts of each rule a recorded period would have raised with the
/// site's current settings and with changed ones, so a site can tune thresholds against alarm
/// fatigue before it changes them.
///
/// The recording is the gateway's own buffer (what it stored), or a capture of the broker's
/// traffic made with `mosquitto_sub -v -F '%U %t %p' -t 'care/#' ...` (one `UNIXTIME TOPIC
/// PAYLOAD` per line), decoded through the profiles as live traffic would be. Both replays run the
/// same rule code as the live engine, on a virtual clock.
public struct ReplayComparison: Sendable {
    /// One rule's counts.
    public struct Line: Sendable, Hashable {
        public var rule: String
        public var severity: AlertSeverity
        public var current: Int
        public var changed: Int
    }

    /// Where the recorded messages come from.
    public enum Source: Sendable {
        case buffer
        case capture(path: String)
    }

    public var lines: [Line]
    public var messages: Int
    public var from: EpochMillis
    public var to: EpochMillis
    /// Notifications staff would have received (raised + renotified + escalated), current vs changed.
    public var notifications: (current: Int, changed: Int)

    /// Replays `source` between `from` and `to` (nil: all of it) with the configuration's
    /// settings and with `changes` on top.
    public static func run(
        configuration: GatewayConfiguration, changes: [String: [String: Double]], source: Source, from: EpochMillis?, to: EpochMillis?
    ) throws -> ReplayComparison {
        let library = try ProfileLibrary.load(directory: configuration.devicesDirectory)
        let paths = GatewayPaths(stateDirectory: configuration.stateDirectory)
        let registry: (devices: [DeviceRecord], residents: [ResidentRecord], statuses: [String: DeviceStatus]) =
            FileManager.default.fileExists(atPath: paths.control) ? try ControlReader(path: paths.control).registry() : ([], [], [:])
        let base = Gateway.ruleOverrides(configuration: configuration, catalog: library.catalog)
        var candidate = base
        for (rule, settings) in changes {
            candidate[rule, default: [:]].merge(settings) { _, new in new }
            // A change to `rule` also overrides the models' own defaults for it, as in the daemon.
            for key in candidate.keys where !rule.contains("@") && key.hasPrefix(rule + "@") {
                candidate[key]!.merge(settings) { _, new in new }
            }
        }
        let (current, _) = AlertSettings.validated(base)
        let (changed, issues) = AlertSettings.validated(candidate)
        guard issues.isEmpty else { throw GatewayError(issues.map { "--set \($0)" }.joined(separator: "\n")) }

        let supervision = registry.devices.map { device -> DeviceSupervision in
            let profile = library.catalog.profile(id: device.profile)
            return DeviceSupervision(
                deviceId: device.deviceId, safetyCritical: profile?.safetyCritical ?? false,
                keepAliveSeconds: profile.map { Double($0.keepaliveSeconds) })
        }
        func replay(_ settings: AlertSettings) throws -> (ReplayReport, EpochMillis, EpochMillis) {
            let engine = AlertReplay(
                site: configuration.site, calendar: SiteCalendar(identifier: configuration.timeZone) ?? SiteCalendar(timeZone: .current),
                settings: settings, defaultNightWindow: configuration.alerts.nightWindow, devices: registry.devices,
                residents: registry.residents, supervision: supervision)
            switch source {
            case .buffer:
                let reader = try BufferReader(path: paths.buffer)
                guard let span = try reader.span() else { throw GatewayError("the buffer in \(paths.buffer) holds no messages") }
                let start = from ?? span.first, end = to ?? span.last
                let profiles = Dictionary(registry.devices.map { ($0.deviceId, $0.profile) }, uniquingKeysWith: { first, _ in first })
                return (engine.run(reader.messages(from: start, to: end, profiles: profiles), until: end), start, end)
            case .capture(let path):
                let messages = try CaptureFile.read(path: path, catalog: library.catalog, configuration: configuration, devices: registry.devices)
                    .filter { (from ?? .min) <= $0.receivedAt && $0.receivedAt <= (to ?? .max) }
                let start = messages.first?.receivedAt ?? 0, end = messages.last?.receivedAt ?? 0
                return (engine.run(messages, until: end), start, end)
            }
        }
        let (before, start, end) = try replay(current)
        let (after, _, _) = try replay(changed)
        var lines: [Line] = []
        let keys = Set(before.counts.map { "\($0.rule.rawValue)|\($0.severity.rawValue)" } + after.counts.map { "\($0.rule.rawValue)|\($0.severity.rawValue)" })
        for key in keys.sorted() {
            let parts = key.split(separator: "|").map(String.init)
            let rule = RuleID(rawValue: parts[0]), severity = AlertSeverity(rawValue: parts[1]) ?? .low
            lines.append(Line(rule: parts[0], severity: severity, current: before.alerts(rule, severity: severity), changed: after.alerts(rule, severity: severity)))
        }
        func notifications(_ report: ReplayReport) -> Int {
            let counts = report.transitionCounts
            return (counts[.raised] ?? 0) + (counts[.renotified] ?? 0) + (counts[.escalated] ?? 0)
        }
        return ReplayComparison(
            lines: lines, messages: before.messages, from: start, to: end,
            notifications: (notifications(before), notifications(after)))
    }

    /// The comparison as a table.
    public func table(calendar: SiteCalendar) -> String {
        func time(_ instant: EpochMillis) -> String {
            let minute = calendar.minuteOfDay(instant)
            return calendar.isoDate(day: calendar.dayNumber(instant)) + String(format: " %02d:%02d", minute / 60, minute % 60)
        }
        var text = "replayed \(messages) messages from \(time(from)) to \(time(to)) (site-local)\n\n"
        text += "rule              severity  current  changed  difference\n"
        for line in lines {
            let difference = line.changed - line.current
            text += line.rule.padding(toLength: 18, withPad: " ", startingAt: 0)
                + line.severity.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(format: "%7d  %7d  %+10d\n", line.current, line.changed, difference)
        }
        if lines.isEmpty { text += "(no alert would have been raised either way)\n" }
        let current = lines.reduce(0) { $0 + $1.current }, changed = lines.reduce(0) { $0 + $1.changed }
        text += "alerts".padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%7d  %7d  %+10d\n", current, changed, changed - current)
        text += "notifications".padding(toLength: 28, withPad: " ", startingAt: 0)
            + String(format: "%7d  %7d  %+10d\n", notifications.current, notifications.changed, notifications.changed - notifications.current)
        return text
    }
}
