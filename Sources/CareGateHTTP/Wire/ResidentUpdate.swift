import CareGateCore

/// `PUT /v1/residents/{ref}`: a resident's care-plan flags (fields left out take their defaults).
public struct ResidentUpdate: Codable, Sendable, Hashable {
    /// `high`, `standard` (default) or `independent`.
    public var fallRisk: String?
    public var exitRisk: Bool?
    public var bedBound: Bool?
    /// Hours between repositionings, 0.5 to 24.
    public var repositioningHours: Double?
    /// `HH:MM-HH:MM`, site-local.
    public var nightWindow: String?
    /// Rule id → setting → value.
    public var overrides: [String: [String: Double]]?

    public init(
        fallRisk: String? = nil, exitRisk: Bool? = nil, bedBound: Bool? = nil, repositioningHours: Double? = nil,
        nightWindow: String? = nil, overrides: [String: [String: Double]]? = nil
    ) {
        self.fallRisk = fallRisk
        self.exitRisk = exitRisk
        self.bedBound = bedBound
        self.repositioningHours = repositioningHours
        self.nightWindow = nightWindow
        self.overrides = overrides
    }

    /// The resident record for `ref`, or a 400 problem naming the field that does not fit.
    public func record(ref: String) throws(Problem) -> ResidentRecord {
        var resident = ResidentRecord(residentRef: ref, exitRisk: exitRisk ?? false, bedBound: bedBound ?? false, overrides: overrides ?? [:])
        if let fallRisk {
            guard let risk = ResidentRecord.FallRisk(rawValue: fallRisk) else {
                throw .badRequest("fallRisk must be high, standard or independent, found '\(fallRisk)'")
            }
            resident.fallRisk = risk
        }
        if let repositioningHours {
            guard (0.5...24).contains(repositioningHours) else {
                throw .badRequest("repositioningHours must be from 0.5 to 24, found \(repositioningHours)")
            }
            resident.repositioningHours = repositioningHours
        }
        if let nightWindow {
            guard let window = NightWindow(parsing: nightWindow) else {
                throw .badRequest("nightWindow must be HH:MM-HH:MM, found '\(nightWindow)'")
            }
            resident.nightWindow = window
        }
        return resident
    }
}
