import CareGateCore

/// `POST /v1/assets/{tag}/events {"type","contract","note"}`: something happened to a rented
/// asset. `contract` is required for `assigned`.
public struct AssetEventRequest: Codable, Sendable, Hashable {
    /// `assigned`, `returned`, `disinfected` or `maintenance`.
    public var type: String
    public var contract: String?
    public var note: String?

    public init(type: String, contract: String? = nil, note: String? = nil) {
        self.type = type
        self.contract = contract
        self.note = note
    }

    /// The event type, or a problem naming the known types; a missing contract on `assigned`,
    /// an over-long note or contract are problems too.
    public func validated() throws(Problem) -> AssetEventType {
        guard let kind = AssetEventType(rawValue: type) else {
            throw .badRequest("type must be one of \(AssetEventType.allCases.map(\.rawValue).joined(separator: ", ")), found '\(type)'")
        }
        if kind == .assigned, (contract ?? "").isEmpty {
            throw .badRequest("an assigned event needs the rental contract (\"contract\": \"RC-...\")")
        }
        if let contract, !(1...64).contains(contract.utf8.count) { throw .badRequest("contract has 1 to 64 characters") }
        if let note, note.utf8.count > 1024 { throw .badRequest("note has at most 1024 bytes") }
        return kind
    }
}
