import CareGateCore

/// A registered device as `/v1/devices` shows it: the registry record and what the gateway has
/// observed of it (last seen, availability, battery).
public struct DeviceView: Codable, Sendable, Hashable {
    public var deviceId: String
    public var kind: String
    public var profile: String
    public var site: String
    public var room: String?
    public var bed: String?
    public var zone: String?
    public var residentRef: String?
    public var assetTag: String?
    public var rentalContract: String?
    /// `registered` (seed, CLI or API) or `unassigned` (registered itself on first sight).
    public var assignment: String
    public var status: DeviceStatus?

    public init(_ device: DeviceRecord, status: DeviceStatus?) {
        deviceId = device.deviceId
        kind = device.kind.rawValue
        profile = device.profile
        site = device.site
        room = device.room
        bed = device.bed
        zone = device.zone
        residentRef = device.residentRef
        assetTag = device.assetTag
        rentalContract = device.rentalContract
        assignment = device.assignment.rawValue
        self.status = status
    }
}

/// `PUT /v1/devices/{id}`: the device's whole registry entry (fields left out are cleared).
/// `kind` may be omitted; it follows from the profile.
public struct DeviceUpdate: Codable, Sendable, Hashable {
    public var profile: String
    public var kind: String?
    public var room: String?
    public var bed: String?
    public var zone: String?
    public var residentRef: String?
    public var assetTag: String?
    public var rentalContract: String?

    public init(
        profile: String, kind: String? = nil, room: String? = nil, bed: String? = nil, zone: String? = nil,
        residentRef: String? = nil, assetTag: String? = nil, rentalContract: String? = nil
    ) {
        self.profile = profile
        self.kind = kind
        self.room = room
        self.bed = bed
        self.zone = zone
        self.residentRef = residentRef
        self.assetTag = assetTag
        self.rentalContract = rentalContract
    }
}
