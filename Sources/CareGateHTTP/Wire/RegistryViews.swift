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

/// Checks on registry identifiers that arrive in URLs.
public enum RegistryIdentifier {
    /// Why `id` cannot be a device id, or nil: it is one MQTT topic level, so no `/`, `+`, `#`,
    /// spaces or control characters, and at most 128 bytes.
    public static func deviceIdProblem(_ id: String) -> String? {
        let bytes = Array(id.utf8)
        guard (1...128).contains(bytes.count) else { return "a device id has 1 to 128 bytes" }
        let forbidden: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: "+"), UInt8(ascii: "#"), UInt8(ascii: " ")]
        guard bytes.allSatisfy({ $0 >= 0x21 && $0 != 0x7F && !forbidden.contains($0) }) else {
            return "device id '\(id)' must not contain '/', '+', '#', spaces or control characters (it is an MQTT topic level)"
        }
        return nil
    }

    /// Why `ref` cannot be a resident reference, or nil. References are pseudonymous codes
    /// (`R-0042`): 1 to 64 letters, digits, `.`, `_` or `-`; no spaces, which keeps a name typed
    /// into the field by mistake out of the gateway.
    public static func residentRefProblem(_ ref: String) -> String? {
        let bytes = Array(ref.utf8)
        guard (1...64).contains(bytes.count) else { return "a resident reference has 1 to 64 characters" }
        let valid = bytes.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard valid else {
            return "resident reference '\(ref)' must be a pseudonymous code of letters, digits, '.', '_' or '-' (never a name)"
        }
        return nil
    }
}
