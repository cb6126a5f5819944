import CareGateAlerts
import CareGateCore
import CareGateHTTP
import CareGateStorage
import Dispatch
import Foundation
import Logging
import Synchronization

/// Keeps the registry in `alerts.sqlite` in step with the live `Registry`, and tells the alert
/// engine which devices to supervise.
///
/// Registry changes are rare and audited; observations (last seen, availability, battery) change
/// with every message and are flushed in the background every few seconds, so the hot path
/// never writes SQL.
final class RegistryStore: Sendable {
    private let control: ControlDatabase
    private let registry: Registry
    private let catalog: Mutex<ProfileCatalog>
    private let clock: any GatewayClock
    private let logger: Logger
    /// Where the fingerprint of the last seed applied without issues is kept.
    private let appliedSeedPath: String
    private let queue = DispatchQueue(label: "caregate.registry", qos: .utility)
    private let refreshPending = Atomic<Bool>(false)

    init(
        control: ControlDatabase, registry: Registry, catalog: ProfileCatalog, clock: any GatewayClock, logger: Logger,
        appliedSeedPath: String
    ) {
        self.control = control
        self.appliedSeedPath = appliedSeedPath
        self.registry = registry
        self.catalog = Mutex(catalog)
        self.clock = clock
        self.logger = logger
    }

    /// Loads what was persisted into the live registry.
    func load() throws {
        let (devices, residents, statuses) = try control.loadRegistry()
        registry.upsert(devices: devices, residents: residents)
        registry.restore(statuses: statuses)
    }

    /// Reads the seed file and applies it (upserting, audited as `seed`). Returns its issues; a
    /// seed with issues applies the entries that were valid. A seed device without
    /// `rental_contract` keeps the contract it has: asset events (`assigned`, `returned`) own it,
    /// and re-reading an edited seed must not end a rental.
    ///
    /// A seed that is byte for byte the one last applied without issues (for the same site and
    /// profiles) is not applied again: a restart then neither parses thousands of devices anew nor
    /// undoes registry changes made over the API since. Editing the seed applies it at the next
    /// start or SIGHUP.
    func applySeed(path: String) -> [YAMLIssue] {
        let kinds = catalog.withLock { Dictionary($0.profiles.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first }) }
        let fingerprint = FileManager.default.contents(atPath: path).map { Self.fingerprint(seed: $0, site: registry.site, kinds: kinds) }
        if let fingerprint, (try? String(contentsOfFile: appliedSeedPath, encoding: .utf8)) == fingerprint {
            logger.info("registry seed unchanged since it was applied", metadata: ["seed": "\(path)"])
            return []
        }
        var (seed, issues) = RegistrySeed.load(path: path, site: registry.site, profileKinds: kinds)
        for index in seed.devices.indices where seed.devices[index].rentalContract == nil {
            seed.devices[index].rentalContract = registry.device(seed.devices[index].deviceId)?.rentalContract
        }
        registry.upsert(devices: seed.devices, residents: seed.residents)
        do {
            try control.saveRegistry(devices: seed.devices, residents: seed.residents, actor: "seed", at: clock.now())
            if issues.isEmpty, let fingerprint {
                try fingerprint.write(toFile: appliedSeedPath, atomically: true, encoding: .utf8)
            }
        } catch {
            logger.error("could not save the registry seed", metadata: ["error": "\(error)"])
        }
        return issues
    }

    /// SHA-256 over the site, the profiles' kinds and the seed's bytes: what the applied registry
    /// was derived from.
    private static func fingerprint(seed: Data, site: String, kinds: [String: DeviceKind]) -> String {
        var input = Array("\(site)\n".utf8)
        for (profile, kind) in kinds.sorted(by: { $0.key < $1.key }) { input += Array("\(profile)=\(kind.rawValue)\n".utf8) }
        input += seed
        return SHA256.hex(SHA256.digest(input))
    }

    /// Saves a device that registered itself on first sight, in the background.
    func persistNew(_ device: DeviceRecord) {
        queue.async { [self] in
            do {
                try control.saveRegistry(devices: [device], residents: [], actor: "gateway", at: clock.now())
            } catch {
                logger.error("could not save an auto-registered device", metadata: ["device.id": "\(device.deviceId)", "error": "\(error)"])
            }
        }
    }

    /// Saves the observations made since the last flush.
    func flushStatuses() {
        queue.async { [self] in
            let changed = registry.takeDirtyStatuses()
            do {
                try control.saveStatuses(changed)
            } catch {
                logger.warning("could not save device statuses", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Tells the engine about the current registry, in the background; bursts of new devices
    /// coalesce into one update.
    func refreshSupervision(of engine: AlertEngine) {
        guard refreshPending.exchange(true, ordering: .acquiringAndReleasing) == false else { return }
        queue.async { [self] in
            refreshPending.store(false, ordering: .releasing)
            engine.update(devices: registry.devices, residents: registry.residents, supervision: supervision())
        }
    }

    /// Waits for background saves.
    func flush() { queue.sync {} }

    /// Replaces the profiles supervision reads (after a reload).
    func use(_ catalog: ProfileCatalog) {
        self.catalog.withLock { $0 = catalog }
    }

    /// Every device with the supervision its profile asks for.
    func supervision() -> [DeviceSupervision] {
        let catalog = self.catalog.withLock { $0 }
        let statuses = registry.statuses
        return registry.devices.map { device in
            let profile = catalog.profile(id: device.profile)
            return DeviceSupervision(
                deviceId: device.deviceId, safetyCritical: profile?.safetyCritical ?? false,
                keepAliveSeconds: profile.map { Double($0.keepaliveSeconds) }, lastSeen: statuses[device.deviceId]?.lastSeen)
        }
    }
}
