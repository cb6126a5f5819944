import Foundation

/// What the kernel says about a process: CPU time from `/proc/PID/stat` (utime + stime), peak and
/// current resident memory from `/proc/PID/status` (VmHWM, VmRSS).
struct ProcessStats: Sendable {
    /// User plus system CPU seconds so far.
    var cpuSeconds: Double
    /// Peak resident set (VmHWM), bytes.
    var peakRSS: Int
    /// Current resident set (VmRSS), bytes.
    var rss: Int

    static func read(pid: Int32) -> ProcessStats? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after "comm)" start at field 3 (state); utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ProcessStats(
            cpuSeconds: (user + system) / ticks, peakRSS: kibibytes(status, "VmHWM:") * 1024, rss: kibibytes(status, "VmRSS:") * 1024)
    }

    private static func kibibytes(_ status: String, _ key: String) -> Int {
        for line in status.split(separator: "\n") where line.hasPrefix(key) {
            return Int(line.dropFirst(key.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
        }
        return 0
    }
}
