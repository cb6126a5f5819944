/// A device as the registry knows it: what it is, where it is, and whom it serves.
///
/// Residents appear only as pseudonymous references (`residentRef`); names never enter the
/// gateway. A device first seen on the wire without a registry entry is recorded as
/// `unassigned` (unless the site runs strict mode) so its data and alerts are kept.
public struct DeviceRecord: Sendable, Hashable, Codable {
    public var deviceId: String
    public var kind: DeviceKind
    public var profile: String
    public var site: String
    public var room: String?
    public var bed: String?
    /// The kind of place the device watches (`bedroom`, `bathroom`, `corridor`, `door`, ...);
    /// rules such as bathroom stay read it.
    public var zone: String?
    public var residentRef: String?
    public var assetTag: String?
    public var rentalContract: String?
    /// `registered` (from the seed, CLI or API) or `unassigned` (auto-registered on first sight).
    public var assignment: Assignment

    /// How a device entered the registry.
    public enum Assignment: String, Sendable, Hashable, Codable {
        case registered
        case unassigned
    }

    public init(
        deviceId: String, kind: DeviceKind, profile: String, site: String, room: String? = nil,
        bed: String? = nil, zone: String? = nil, residentRef: String? = nil, assetTag: String? = nil,
        rentalContract: String? = nil, assignment: Assignment = .registered
    ) {
        self.deviceId = deviceId
        self.kind = kind
        self.profile = profile
        self.site = site
        self.room = room
        self.bed = bed
        self.zone = zone
        self.residentRef = residentRef
        self.assetTag = assetTag
        self.rentalContract = rentalContract
        self.assignment = assignment
    }
}
