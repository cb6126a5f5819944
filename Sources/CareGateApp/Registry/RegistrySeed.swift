import CareGateCore
import Foundation

/// The residents and devices a site declares in its seed file (`registry_seed`), loaded at start
/// and on SIGHUP. The format is documented in `config/devices.example.yaml`.
///
/// Residents are pseudonymous references with care-plan flags; a name never belongs here.
public struct RegistrySeed: Sendable, Hashable {
    public var residents: [ResidentRecord] = []
    public var devices: [DeviceRecord] = []

    public init(residents: [ResidentRecord] = [], devices: [DeviceRecord] = []) {
        self.residents = residents
        self.devices = devices
    }

    /// Reads a seed file's text for `site`; every problem is reported as `file:line: reason`.
    /// `profileKinds` maps each known profile id to its kind, to check device entries against.
    public static func parse(file: String, text: String, site: String, profileKinds: [String: DeviceKind]) -> (seed: RegistrySeed, issues: [YAMLIssue]) {
        let document = YAMLDocument(file: file, text: text)
        var seed = RegistrySeed()
        guard let root = document.root?.map(knownKeys: ["residents", "devices"]) else { return (seed, document.issues) }
        var residentRefs = Set<String>()
        for item in root.list("residents") ?? [] {
            guard let resident = parseResident(item) else { continue }
            if !residentRefs.insert(resident.residentRef).inserted {
                item.report("resident '\(resident.residentRef)' is listed twice")
                continue
            }
            seed.residents.append(resident)
        }
        var deviceIds = Set<String>()
        for item in root.list("devices") ?? [] {
            guard let device = parseDevice(item, site: site, profileKinds: profileKinds, residents: residentRefs) else { continue }
            if !deviceIds.insert(device.deviceId).inserted {
                item.report("device '\(device.deviceId)' is listed twice")
                continue
            }
            seed.devices.append(device)
        }
        return (seed, document.issues)
    }

    /// Reads the seed file at `path`.
    public static func load(path: String, site: String, profileKinds: [String: DeviceKind]) -> (seed: RegistrySeed, issues: [YAMLIssue]) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return (RegistrySeed(), [YAMLIssue(file: path, line: 1, message: "cannot read the registry seed file")])
        }
        return parse(file: path, text: text, site: site, profileKinds: profileKinds)
    }

    private static let residentKeys = ["ref", "fall_risk", "exit_risk", "bed_bound", "repositioning_hours", "night_window", "overrides"]
    private static let deviceKeys = ["id", "kind", "profile", "room", "bed", "zone", "resident", "asset_tag", "rental_contract"]

    private static func parseResident(_ item: YAMLValue) -> ResidentRecord? {
        guard let map = item.map(knownKeys: residentKeys), let ref = map.string("ref", required: true) else { return nil }
        var resident = ResidentRecord(residentRef: ref)
        if let value = map.value("fall_risk"), let text = value.string() {
            if let risk = ResidentRecord.FallRisk(rawValue: text) { resident.fallRisk = risk } else { value.report("fall_risk must be high, standard or independent, found '\(text)'") }
        }
        resident.exitRisk = map.bool("exit_risk") ?? false
        resident.bedBound = map.bool("bed_bound") ?? false
        resident.repositioningHours = map.double("repositioning_hours", in: 0.5...24)
        if let value = map.value("night_window"), let text = value.string() {
            if let window = NightWindow(parsing: text) { resident.nightWindow = window } else { value.report("night_window must be HH:MM-HH:MM, found '\(text)'") }
        }
        if let overrides = map.value("overrides")?.entries() {
            for (rule, _, settings) in overrides {
                var values: [String: Double] = [:]
                for (setting, _, number) in settings.entries() ?? [] {
                    if let value = number.double() { values[setting] = value }
                }
                resident.overrides[rule] = values
            }
        }
        return resident
    }

    private static func parseDevice(_ item: YAMLValue, site: String, profileKinds: [String: DeviceKind], residents: Set<String>) -> DeviceRecord? {
        guard let map = item.map(knownKeys: deviceKeys),
            let id = map.string("id", required: true),
            let profile = map.string("profile", required: true)
        else { return nil }
        guard let profileKind = profileKinds[profile] else {
            map.report("unknown profile '\(profile)' (no such file in the devices directory)", at: "profile")
            return nil
        }
        let kind = map.string("kind").map(DeviceKind.init(rawValue:)) ?? profileKind
        if kind != profileKind {
            map.report("kind '\(kind)' does not match profile '\(profile)', which is a \(profileKind)", at: "kind")
            return nil
        }
        let resident = map.string("resident")
        if let resident, !residents.contains(resident) {
            map.report("resident '\(resident)' is not listed under residents", at: "resident")
        }
        return DeviceRecord(
            deviceId: id, kind: kind, profile: profile, site: site, room: map.string("room"), bed: map.string("bed"),
            zone: map.string("zone"), residentRef: resident, assetTag: map.string("asset_tag"),
            rentalContract: map.string("rental_contract"), assignment: .registered)
    }
}
