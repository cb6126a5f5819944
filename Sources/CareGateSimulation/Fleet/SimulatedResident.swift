import CareGateCore

/// A pseudonymous simulated resident: a reference (`R-0001`), a bed, and the care-plan flags rules read.
public struct SimulatedResident: Sendable, Hashable {
    public let ref: String
    public let room: String
    public let bed: String
    public let fallRisk: ResidentRecord.FallRisk
    public let exitRisk: Bool
    public let bedBound: Bool
    /// Hours between repositionings, for bed-bound residents.
    public let repositioningHours: Double?
    public let nightWindow: NightWindow
    /// Body weight: what the care bed's load cell and the hoist read.
    public let weightKg: Double
    /// Position in the fleet's resident list.
    public let index: Int

    /// The registry record for this resident.
    public var record: ResidentRecord {
        ResidentRecord(
            residentRef: ref, fallRisk: fallRisk, exitRisk: exitRisk, bedBound: bedBound,
            repositioningHours: repositioningHours, nightWindow: nightWindow)
    }
}
