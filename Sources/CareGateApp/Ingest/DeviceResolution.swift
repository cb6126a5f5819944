import CareGateCore

/// Decides what a decoded message's device is: registered, newly auto-registered as
/// `unassigned`, or unknown in strict mode (quarantined as `unknown_device`).
enum DeviceResolution {
    case known(Registry.Entry)
    case registered(Registry.Entry)
    case unknown

    static func resolve(_ message: DeviceMessage, registry: Registry, strict: Bool, register: Bool) -> DeviceResolution {
        if let entry = registry.entry(message.deviceId) { return .known(entry) }
        guard !strict, register else { return .unknown }
        let (entry, isNew) = registry.registerUnassigned(deviceId: message.deviceId, kind: message.kind, profile: message.profileId)
        return isNew ? .registered(entry) : .known(entry)
    }

    var entry: Registry.Entry? {
        switch self {
        case .known(let entry), .registered(let entry): entry
        case .unknown: nil
        }
    }

    static let unknownDeviceFailure = DecodeFailure(.unknownDevice, "the device is not in the registry and the site runs in strict mode")
}
