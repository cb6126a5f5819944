/// The kind of an assistive device: what it is, whatever its vendor.
///
/// Kinds are open: a profile may introduce a new one. The constants are the kinds CareGate's rules
/// and simulator know; rules select their inputs by kind and metric, never by vendor.
public struct DeviceKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// Ceiling mmWave radar that reports presence, posture and falls.
    public static let fallRadar: DeviceKind = "fall-radar"
    /// Bedside or ceiling radar / under-mattress monitor that reports heart and breathing rate.
    public static let vitalsRadar: DeviceKind = "vitals-radar"
    /// Smart care bed or mattress: occupancy, rails, brake, height, wetness, turnovers.
    public static let careBed: DeviceKind = "care-bed"
    /// Watch or band: heart rate, SpO2, temperature, location, worn, SOS and fall.
    public static let wearable: DeviceKind = "wearable"
    /// One-button emergency call pendant.
    public static let callButton: DeviceKind = "call-button"
    /// Smart power wheelchair.
    public static let wheelchair: DeviceKind = "wheelchair"
    /// Ceiling lift or patient hoist.
    public static let hoist: DeviceKind = "hoist"
    /// Rehabilitation robot or exoskeleton.
    public static let rehabRobot: DeviceKind = "rehab-robot"

    /// The kinds CareGate ships native profiles and simulators for.
    public static let known: [DeviceKind] = [
        .fallRadar, .vitalsRadar, .careBed, .wearable, .callButton, .wheelchair, .hoist, .rehabRobot,
    ]
}

extension DeviceKind {
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
