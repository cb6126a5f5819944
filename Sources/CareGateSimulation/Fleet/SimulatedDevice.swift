import CareGateCore

/// One simulated device and where it sits: the facts the registry seed lists for it.
public struct SimulatedDevice: Sendable, Hashable {
    /// `fr-0001`, `tuya-0002`, ...: the prefix of its model and a number within the model.
    public let id: String
    public let model: SimulatedModel
    public let room: String
    public let bed: String?
    /// `bedroom`, `bathroom`, ... for radars and bed sensors.
    public let zone: String?
    public let residentRef: String?
    public let assetTag: String?
    public let rentalContract: String?
    /// Position in the fleet's device list; the simulation indexes its per-device state by it.
    public let index: Int

    public var kind: DeviceKind { model.kind }
    public var profileId: String { model.profileId }

    /// The registry record the gateway should hold for this device at `site`.
    public func record(site: String) -> DeviceRecord {
        DeviceRecord(
            deviceId: id, kind: kind, profile: profileId, site: site, room: room, bed: bed, zone: zone,
            residentRef: residentRef, assetTag: assetTag, rentalContract: rentalContract)
    }
}
