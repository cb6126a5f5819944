import CareGateApp
import CareGateCore
import CareGateHTTP
import Foundation

/// `caregate status` as text: health, broker, ingest rates, open alerts, buffer, consumers' lag
/// and the devices that are not reporting, on one screen.
struct StatusScreen {
    let report: StatusReport
    let calendar: SiteCalendar

    var text: String {
        var lines: [String] = []
        let health = report.health
        lines.append("site \(report.site)  \(health.status.uppercased())\(health.ready ? "" : " (not ready)")  at \(Self.clockTime(report.at, calendar))")
        for reason in health.reasons { lines.append("  ! \(reason)") }

        let broker = report.broker
        lines.append("broker   \(broker.url)  \(broker.state)\(broker.ready ? ", subscribed" : "")  connects \(broker.connects), disconnects \(broker.disconnects)")
        if let error = broker.lastError { lines.append("         last error: \(error)") }
        if let bridge = report.bridge {
            let cloud = bridge.broker
            lines.append("bridge   \(cloud.url)  \(cloud.state)  connects \(cloud.connects), disconnects \(cloud.disconnects), \(bridge.inFlight) in flight (progress: consumer bridge)")
            if let error = cloud.lastError { lines.append("         last error: \(error)") }
        }

        let rates = report.ingest.perSecond
        let window = report.ingest.windowSeconds
        lines.append(window > 0
            ? "ingest   " + IngestRateSampler.classes.map { "\($0) \(Self.rate(rates[$0] ?? 0))/s" }.joined(separator: "  ") + "  (last \(Int(window)) s)"
            : "ingest   rates appear a few seconds after start")
        lines.append("         stored " + IngestRateSampler.classes.map { "\($0) \(report.ingest.totals[$0] ?? 0)" }.joined(separator: "  "))

        let severities = ["high", "medium", "low"].map { "\($0) \(report.alerts.bySeverity[$0] ?? 0)" }.joined(separator: "  ")
        lines.append("alerts   \(report.alerts.open) open: \(severities)")

        lines.append("buffer   " + report.buffer.files.keys.sorted().map { "\($0) \(Self.bytes(report.buffer.files[$0] ?? 0))" }.joined(separator: "  "))
        for stream in report.buffer.streams {
            var line = "         \(stream.stream.padding(toLength: 10, withPad: " ", startingAt: 0))"
            if let first = stream.firstSeq, let last = stream.lastSeq {
                line += "seq \(first)...\(last)"
                if let oldest = stream.oldestAt { line += ", oldest \(Self.age(report.at - oldest)) old" }
            } else {
                line += "empty"
            }
            if let required = stream.requiredCursor { line += ", required consumers at \(required)" }
            lines.append(line)
        }

        lines.append("consumers")
        for consumer in report.consumers {
            let lag = consumer.cursors.map { cursor in
                "\(cursor.stream) " + (cursor.pendingSince == nil ? "caught up" : "\(Self.age(EpochMillis(cursor.lagSeconds * 1000))) behind")
            }
            lines.append("  \(consumer.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(lag.isEmpty ? "(no streams)" : lag.joined(separator: ", "))")
        }

        let devices = report.devices
        lines.append("devices  \(devices.registered) registered, \(devices.unassigned) unassigned, \(devices.offlineCount) not reporting")
        for device in devices.offline {
            let seen = device.lastSeen.map { "last seen \(Self.age(report.at - $0)) ago" } ?? "never seen"
            lines.append("  \(device.deviceId)  \(device.kind)  \(device.room.map { "room \($0)" } ?? "no room")  \(device.reason), \(seen)")
        }
        if devices.offlineCount > devices.offline.count { lines.append("  ... and \(devices.offlineCount - devices.offline.count) more") }
        return lines.joined(separator: "\n")
    }

    /// `HH:MM:SS` in site-local time.
    static func clockTime(_ instant: EpochMillis, _ calendar: SiteCalendar) -> String {
        let minute = calendar.minuteOfDay(instant)
        return String(format: "%02d:%02d:%02d", minute / 60, minute % 60, Int((instant / 1000) % 60))
    }

    /// A duration as `42 s`, `7 min`, `3 h`, `2 d`.
    static func age(_ millis: EpochMillis) -> String {
        let seconds = max(0, millis / 1000)
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7200 { return "\(seconds / 60) min" }
        if seconds < 172_800 { return "\(seconds / 3600) h" }
        return "\(seconds / 86_400) d"
    }

    static func rate(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }

    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
