import Foundation

/// The machine a run was measured on, and how busy it was: the numbers mean little without it.
struct MachineInfo: Codable, Sendable {
    var processors: Int
    var cpuModel: String
    var kernel: String
    var loadAverage: [Double]

    static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        let version = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? ""
        return MachineInfo(
            processors: ProcessInfo.processInfo.activeProcessorCount, cpuModel: model,
            kernel: version.trimmingCharacters(in: .whitespacesAndNewlines), loadAverage: loadAverage())
    }

    /// The 1, 5 and 15 minute load averages from `/proc/loadavg`.
    static func loadAverage() -> [Double] {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).compactMap { Double($0) }
    }
}
