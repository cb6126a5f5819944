import CareGateCore

/// What a simulation sent, counted the ways an operator and an acceptance test compare it with the
/// gateway's own counters: per device kind, per expected outcome (valid per role, quarantined per
/// reason, duplicates, ignored), plus totals.
public struct SimulationSummary: Sendable, Hashable, CustomStringConvertible {
    public private(set) var total = 0
    public private(set) var bytes = 0
    /// Messages per device kind; messages aimed at no device (`care/{site}/door`) are in `unattributed`.
    public private(set) var byKind: [DeviceKind: Int] = [:]
    public private(set) var unattributed = 0
    public private(set) var valid: [MessageRole: Int] = [:]
    public private(set) var quarantined: [QuarantineReason: Int] = [:]
    public private(set) var duplicates = 0
    public private(set) var ignored = 0
    /// Offset of the last message recorded: how much simulated time the messages span.
    public private(set) var span: EpochMillis = 0

    public init() {}

    /// Counts every message of a sequence.
    public init<S: Sequence>(_ messages: S) where S.Element == SimulatedMessage {
        for message in messages { record(message) }
    }

    public mutating func record(_ message: SimulatedMessage) {
        total += 1
        bytes += message.payload.count
        span = max(span, message.offset)
        if let kind = message.kind { byKind[kind, default: 0] += 1 } else { unattributed += 1 }
        switch message.expected {
        case .valid(_, let role): valid[role, default: 0] += 1
        case .quarantined(let reason): quarantined[reason, default: 0] += 1
        case .duplicate: duplicates += 1
        case .ignored: ignored += 1
        }
    }

    /// Messages the gateway must store (each exactly once).
    public var validTotal: Int { valid.values.reduce(0, +) }

    /// Messages the gateway must quarantine.
    public var quarantinedTotal: Int { quarantined.values.reduce(0, +) }

    /// A few aligned lines for `caregate simulate` to print at the end of a run.
    public var description: String {
        var lines = ["messages      \(total) (\(bytes) bytes over \(ScenarioScript.formatOffset(span)))"]
        lines.append("valid         \(validTotal)" + breakdown(MessageRole.allCases.map { ($0.rawValue, valid[$0] ?? 0) }))
        lines.append(
            "quarantined   \(quarantinedTotal)" + breakdown(QuarantineReason.all.map { ($0.rawValue, quarantined[$0] ?? 0) }))
        lines.append("duplicates    \(duplicates)")
        lines.append("ignored       \(ignored)")
        var kinds = byKind.keys.sorted { $0.rawValue < $1.rawValue }.map { ($0.rawValue, byKind[$0] ?? 0) }
        if unattributed > 0 { kinds.append(("none", unattributed)) }
        lines.append("by kind      " + breakdown(kinds))
        return lines.joined(separator: "\n")
    }

    private func breakdown(_ counts: [(String, Int)]) -> String {
        let shown = counts.filter { $0.1 > 0 }.map { "\($0.0)=\($0.1)" }
        return shown.isEmpty ? "" : " (" + shown.joined(separator: " ") + ")"
    }
}
