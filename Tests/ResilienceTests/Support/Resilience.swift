import Foundation
import Testing

/// The resilience suite's switches and its report. Every suite is enabled only with
/// `CAREGATE_RESILIENCE=1` (scripts/resilience.sh sets it), so the per-commit `swift test` skips
/// these long cases; each case appends one JSON row to `$CAREGATE_RESILIENCE_REPORT`, from which
/// the script prints the table.
enum Resilience {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static var enabled: Bool { environment["CAREGATE_RESILIENCE"] == "1" }

    /// An integer setting from the environment (trial counts, fuzz input counts).
    static func setting(_ name: String, default value: Int) -> Int {
        environment[name].flatMap { Int($0) } ?? value
    }

    /// One row of the table.
    struct Row: Encodable {
        enum Status: String, Encodable {
            case pass, fail, skip
            case notRun = "not run"
        }

        var caseName: String
        var trials: Int
        var lost: Int?
        var duplicated: Int?
        /// A human-readable recovery time ("1.2 s", "p99 0.4 s", "-").
        var recoveredIn: String
        var status: Status
        var notes: String
        var details: [String: String] = [:]

        enum CodingKeys: String, CodingKey {
            case caseName = "case", trials, lost, duplicated, recoveredIn = "recovered_in", status, notes, details
        }
    }

    /// Appends `row` to the report file (one JSON object per line), and prints it.
    static func record(_ row: Row) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(row) else { return }
        let line = String(decoding: data, as: UTF8.self)
        print("RESILIENCE \(line)")
        guard let path = environment["CAREGATE_RESILIENCE_REPORT"], !path.isEmpty else { return }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Seconds with one decimal (or two below 1 s), for the table.
    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value < 1 ? String(format: "%.2f s", value) : String(format: "%.1f s", value)
    }

    static func seconds(_ value: Double) -> String {
        value < 1 ? String(format: "%.2f s", value) : String(format: "%.1f s", value)
    }
}

/// The suite's root: serialized (the cases share two CPUs and measure time), and enabled only
/// when asked for. Each case is a nested suite in its own file.
@Suite(.serialized, .enabled(if: Resilience.enabled, "set CAREGATE_RESILIENCE=1 (make resilience)"))
struct ResilienceSuite {}
