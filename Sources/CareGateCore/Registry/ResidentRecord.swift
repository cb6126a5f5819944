import Foundation

/// A resident's care plan as the rules read it, keyed by a pseudonymous reference.
///
/// The gateway never holds a name: the mapping from reference to person lives in the care home's
/// records. Everything here is a setting a nurse chooses per person; absent values fall back to the
/// site's rule defaults.
public struct ResidentRecord: Sendable, Hashable, Codable {
    public var residentRef: String
    public var fallRisk: FallRisk
    /// Dementia / exit-seeking: wandering rules apply.
    public var exitRisk: Bool
    /// Bed-bound: repositioning rules apply.
    public var bedBound: Bool
    /// Repositioning plan in hours (2, 4 or 6), for bed-bound residents.
    public var repositioningHours: Double?
    /// The resident's night window; the site default applies when absent.
    public var nightWindow: NightWindow?
    /// Per-rule setting overrides: rule id → setting name → value (e.g. `heart_rate` → `high_above` → 120).
    public var overrides: [String: [String: Double]]

    /// Fall risk as assessed at admission (GB 38600's pre-admission safety assessment).
    public enum FallRisk: String, Sendable, Hashable, Codable, CaseIterable {
        case high
        case standard
        case independent
    }

    public init(
        residentRef: String, fallRisk: FallRisk = .standard, exitRisk: Bool = false, bedBound: Bool = false,
        repositioningHours: Double? = nil, nightWindow: NightWindow? = nil, overrides: [String: [String: Double]] = [:]
    ) {
        self.residentRef = residentRef
        self.fallRisk = fallRisk
        self.exitRisk = exitRisk
        self.bedBound = bedBound
        self.repositioningHours = repositioningHours
        self.nightWindow = nightWindow
        self.overrides = overrides
    }
}

/// A daily window in site-local time, such as 22:00–06:00; it may wrap past midnight.
public struct NightWindow: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Minutes after local midnight at which the window opens.
    public var startMinute: Int
    /// Minutes after local midnight at which the window closes (exclusive).
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// The contract's default night, 22:00–06:00.
    public static let standard = NightWindow(startMinute: 22 * 60, endMinute: 6 * 60)

    /// Parses `HH:MM-HH:MM`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.minute(of: parts[0]), let end = Self.minute(of: parts[1]) else {
            return nil
        }
        self.init(startMinute: start, endMinute: end)
    }

    /// Whether a local minute-of-day (0..<1440) falls inside the window.
    public func contains(minuteOfDay minute: Int) -> Bool {
        if startMinute == endMinute { return false }
        if startMinute < endMinute { return minute >= startMinute && minute < endMinute }
        return minute >= startMinute || minute < endMinute
    }

    public var description: String { "\(Self.format(startMinute))-\(Self.format(endMinute))" }

    private static func minute(of text: Substring) -> Int? {
        let hm = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }

    private static func format(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let window = NightWindow(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected HH:MM-HH:MM, got \(text)"))
        }
        self = window
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
