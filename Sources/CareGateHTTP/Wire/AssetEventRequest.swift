import CareGateCore

/// `POST /v1/assets/{tag}/events {"type","by","at","contract","note"}`: something happened to a
/// rented asset. `by` (the staff member who did it) is required; `at` defaults to the time of the
/// request; `contract` is required for `assigned`.
public struct AssetEventRequest: Codable, Sendable, Hashable {
    /// `assigned`, `returned`, `disinfected` or `maintenance`.
    public var type: String
    /// The staff id of whoever handed over, took back or cleaned the asset.
    public var by: String
    /// When it happened (ms since the epoch); nil means now.
    public var at: EpochMillis?
    public var contract: String?
    public var note: String?

    public init(type: String, by: String, at: EpochMillis? = nil, contract: String? = nil, note: String? = nil) {
        self.type = type
        self.by = by
        self.at = at
        self.contract = contract
        self.note = note
    }

    /// How far in the future (device clocks and staff tablets drift) `at` may lie.
    public static let futureToleranceMillis: EpochMillis = 300_000

    /// The event type and time, or a problem: an unknown type (naming the known ones), a missing
    /// or over-long `by`, an `at` before 2000 or more than five minutes after `now`, a missing
    /// contract on `assigned`, an over-long note or contract.
    public func validated(now: EpochMillis) throws(Problem) -> (type: AssetEventType, at: EpochMillis) {
        guard let kind = AssetEventType(rawValue: type) else {
            throw .badRequest("type must be one of \(AssetEventType.allCases.map(\.rawValue).joined(separator: ", ")), found '\(type)'")
        }
        guard (1...64).contains(by.utf8.count) else { throw .badRequest("by (the staff id) has 1 to 64 characters") }
        let at = self.at ?? now
        guard at >= 946_684_800_000, at <= now + Self.futureToleranceMillis else {
            throw .badRequest("at must be milliseconds since the epoch, not in the future (found \(at))")
        }
        if kind == .assigned, (contract ?? "").isEmpty {
            throw .badRequest("an assigned event needs the rental contract (\"contract\": \"RC-...\")")
        }
        if let contract, !(1...64).contains(contract.utf8.count) { throw .badRequest("contract has 1 to 64 characters") }
        if let note, note.utf8.count > 1024 { throw .badRequest("note has at most 1024 bytes") }
        return (kind, at)
    }
}
