import CareGateCore

/// What the API needs from the registry: the devices and residents, and audited changes that
/// take effect at once (the live registry and the engine's supervision follow).
public protocol RegistryDesk: Sendable {
    func devices() -> [DeviceView]
    func device(id: String) -> DeviceView?
    /// Creates or replaces a device; validates its profile and resident.
    func saveDevice(id: String, _ update: DeviceUpdate, actor: String) async throws -> DeviceView
    func removeDevice(id: String, actor: String) async throws
    func residents() -> [ResidentRecord]
    func resident(ref: String) -> ResidentRecord?
    func saveResident(_ resident: ResidentRecord, actor: String) async throws -> ResidentRecord
}
