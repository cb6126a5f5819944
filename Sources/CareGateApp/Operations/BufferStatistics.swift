import CareGateCore
import CareGateStorage
import Foundation

/// The buffer's contents and the ingest counters, as `caregate stats` prints them: rows stored
/// per table, quarantined rows per reason, and the persistent counters (duplicates, ignored).
public struct BufferStatistics: Sendable, Codable {
    public var tally: BufferTally
    public var counters: [String: Int64]

    /// Reads the buffer in `stateDirectory` (read-only; safe while the daemon runs).
    public static func read(stateDirectory: String) throws -> BufferStatistics {
        let paths = GatewayPaths(stateDirectory: stateDirectory)
        guard FileManager.default.fileExists(atPath: paths.buffer) else {
            throw GatewayError("no buffer at \(paths.buffer): has caregated run with this state directory?")
        }
        let reader = try BufferReader(path: paths.buffer)
        return BufferStatistics(tally: try reader.tally(), counters: try reader.counters())
    }

    public var text: String {
        var lines = [
            "telemetry rows:   \(tally.telemetry)",
            "event rows:       \(tally.events)",
            "quarantined:      \(tally.quarantined)",
        ]
        for reason in tally.quarantineByReason.keys.sorted() {
            lines.append("  \(reason): \(tally.quarantineByReason[reason]!)")
        }
        lines.append("duplicates:       \(counters[IngestCounter.duplicates] ?? 0)")
        lines.append("ignored:          \(counters[IngestCounter.ignored] ?? 0)")
        return lines.joined(separator: "\n")
    }

    /// One line for a live view: `18:40:15  stored 1234 readings, 12 events · quarantined 40 (malformed 10, ...) · 3 duplicates`.
    public func briefLine(at instant: EpochMillis, calendar: SiteCalendar) -> String {
        let minute = calendar.minuteOfDay(instant)
        let time = String(format: "%02d:%02d:%02d", minute / 60, minute % 60, Int(instant / 1000 % 60))
        var line = "\(time)  ingested: \(tally.telemetry) readings, \(tally.events) events stored"
        let reasons = tally.quarantineByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        line += " · quarantined \(tally.quarantined)" + (reasons.isEmpty ? "" : " (" + reasons.joined(separator: ", ") + ")")
        line += " · \(counters[IngestCounter.duplicates] ?? 0) duplicates, \(counters[IngestCounter.ignored] ?? 0) ignored"
        return line
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
