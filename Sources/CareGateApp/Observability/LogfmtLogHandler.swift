import Foundation
import Logging

/// One log line per event in logfmt (`level=info msg="gateway ready" site=home-1`) on standard
/// output, which journald stores with its own timestamp. Messages are constant text and data sits
/// in metadata, so lines are easy to grep and parse; resident names never reach a logger.
public struct LogfmtLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let withTimestamp: Bool

    /// - Parameter withTimestamp: prefix `ts=` (off under systemd, where journald stamps lines).
    public init(label: String, level: Logger.Level, withTimestamp: Bool) {
        self.label = label
        self.logLevel = level
        self.withTimestamp = withTimestamp
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = ""
        if withTimestamp { line += "ts=" + Self.timestamp() + " " }
        line += "level=\(event.level) msg=" + Self.quote("\(event.message)")
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for key in merged.keys.sorted() {
            line += " " + key + "=" + Self.quote("\(merged[key]!)")
        }
        line += "\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    private static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"" + escaped + "\""
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, now.tv_nsec / 1_000_000)
    }
}

extension LoggingSystem {
    /// Installs the logfmt handler at `level` for the whole process.
    public static func bootstrapLogfmt(level: String) {
        let parsed = Logger.Level(rawValue: level) ?? .info
        let underSystemd = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil
        bootstrap { label in LogfmtLogHandler(label: label, level: parsed, withTimestamp: !underSystemd) }
    }
}
