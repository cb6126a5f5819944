import CareGateAlerts
import CareGateCore
import CareGateHTTP
import CareGateStorage

/// The API's registry desk: changes are saved to `alerts.sqlite` (audited with the consumer's
/// name), applied to the live registry, and passed to the alert engine, all before the request
/// returns, so the next message from a device meets its new room and resident.
struct LiveRegistryDesk: RegistryDesk {
    let registry: Registry
    let store: RegistryStore
    let control: ControlDatabase
    let engine: AlertEngine
    let catalog: ProfileCatalog
    let clock: any GatewayClock

    func devices() -> [DeviceView] {
        registry.devices.map { DeviceView($0, status: registry.status($0.deviceId)) }
    }

    func device(id: String) -> DeviceView? {
        registry.device(id).map { DeviceView($0, status: registry.status(id)) }
    }

    func saveDevice(id: String, _ update: DeviceUpdate, actor: String) async throws -> DeviceView {
        guard let profile = catalog.profile(id: update.profile) else {
            let known = catalog.profiles.map(\.id).sorted().joined(separator: ", ")
            throw Problem.badRequest("unknown profile '\(update.profile)' (known: \(known))")
        }
        if let kind = update.kind, kind != profile.kind.rawValue {
            throw Problem.badRequest("kind '\(kind)' does not match profile '\(profile.id)', which is a \(profile.kind)")
        }
        if let ref = update.residentRef, registry.resident(ref) == nil {
            throw Problem.badRequest("resident '\(ref)' is not in the registry; PUT /v1/residents/\(ref) first")
        }
        let device = DeviceRecord(
            deviceId: id, kind: profile.kind, profile: profile.id, site: registry.site, room: update.room, bed: update.bed,
            zone: update.zone, residentRef: update.residentRef, assetTag: update.assetTag, rentalContract: update.rentalContract,
            assignment: .registered)
        let at = clock.now()
        try await BlockingIO.run { [control] in try control.saveRegistry(devices: [device], residents: [], actor: actor, at: at) }
        registry.upsert(devices: [device])
        store.refreshSupervision(of: engine)
        return DeviceView(device, status: registry.status(id))
    }

    func removeDevice(id: String, actor: String) async throws {
        let at = clock.now()
        try await BlockingIO.run { [control] in try control.deleteDevice(id, actor: actor, at: at) }
        registry.remove(deviceId: id)
        store.refreshSupervision(of: engine)
    }

    func residents() -> [ResidentRecord] { registry.residents }

    func resident(ref: String) -> ResidentRecord? { registry.resident(ref) }

    func saveResident(_ resident: ResidentRecord, actor: String) async throws -> ResidentRecord {
        let at = clock.now()
        try await BlockingIO.run { [control] in try control.saveRegistry(devices: [], residents: [resident], actor: actor, at: at) }
        registry.upsert(residents: [resident])
        store.refreshSupervision(of: engine)
        return resident
    }
}
