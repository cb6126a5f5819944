import CareGateCore
import Synchronization

/// The live registry: devices, residents and what the gateway has observed of each device.
///
/// Read for every message on the MQTT thread (one uncontended lock), changed rarely (seed load,
/// API, a device seen for the first time). Observations (last seen, availability, battery) are
/// recorded here and flushed to `alerts.sqlite` periodically by the registry store.
public final class Registry: Sendable {
    /// A device with its resident, as the hot path needs them together.
    public struct Entry: Sendable {
        public var device: DeviceRecord
        public var resident: ResidentRecord?
    }

    private struct State {
        var devices: [String: DeviceRecord] = [:]
        var residents: [String: ResidentRecord] = [:]
        var statuses: [String: DeviceStatus] = [:]
        var dirtyStatuses: Set<String> = []
        var generation = 0
    }

    private let state = Mutex(State())
    public let site: String

    public init(site: String) {
        self.site = site
    }

    /// The device and its resident, or nil if the device is not registered.
    public func entry(_ deviceId: String) -> Entry? {
        state.withLock { state in
            guard let device = state.devices[deviceId] else { return nil }
            return Entry(device: device, resident: device.residentRef.flatMap { state.residents[$0] })
        }
    }

    /// The profile a device is registered with (for the decoder's profile choice).
    public func profileId(of deviceId: String) -> String? {
        state.withLock { $0.devices[deviceId]?.profile }
    }

    public func device(_ deviceId: String) -> DeviceRecord? { state.withLock { $0.devices[deviceId] } }
    public func resident(_ ref: String) -> ResidentRecord? { state.withLock { $0.residents[ref] } }
    public var devices: [DeviceRecord] { state.withLock { Array($0.devices.values) } }
    public var residents: [ResidentRecord] { state.withLock { Array($0.residents.values) } }

    /// Increases whenever devices or residents change, so dependants can tell when to refresh.
    public var generation: Int { state.withLock { $0.generation } }

    /// Registers a device first seen on the wire as `unassigned`; returns the entry and whether
    /// it was new. Idempotent.
    public func registerUnassigned(deviceId: String, kind: DeviceKind, profile: String) -> (entry: Entry, isNew: Bool) {
        state.withLock { state in
            if let existing = state.devices[deviceId] {
                return (Entry(device: existing, resident: existing.residentRef.flatMap { state.residents[$0] }), false)
            }
            let device = DeviceRecord(deviceId: deviceId, kind: kind, profile: profile, site: site, assignment: .unassigned)
            state.devices[deviceId] = device
            state.generation += 1
            return (Entry(device: device, resident: nil), true)
        }
    }

    /// Adds or replaces devices and residents (seed load, API). Devices not mentioned stay.
    public func upsert(devices: [DeviceRecord] = [], residents: [ResidentRecord] = []) {
        state.withLock { state in
            for resident in residents { state.residents[resident.residentRef] = resident }
            for device in devices { state.devices[device.deviceId] = device }
            state.generation += 1
        }
    }

    /// Removes a device from the registry (its history stays in the buffer).
    @discardableResult
    public func remove(deviceId: String) -> DeviceRecord? {
        state.withLock { state in
            defer { state.generation += 1 }
            state.statuses[deviceId] = nil
            return state.devices.removeValue(forKey: deviceId)
        }
    }

    // MARK: Observations

    /// Records that a message from the device arrived: last seen, availability, battery.
    public func observe(_ message: DeviceMessage) {
        state.withLock { state in
            var status = state.statuses[message.deviceId] ?? DeviceStatus()
            status.lastSeen = max(status.lastSeen ?? 0, message.receivedAt)
            if let online = message.online, status.online != online {
                status.online = online
                status.availabilityChangedAt = message.receivedAt
            }
            if let battery = message.readings["battery"]?.number {
                status.battery = battery
                status.batteryAt = message.receivedAt
            }
            state.statuses[message.deviceId] = status
            state.dirtyStatuses.insert(message.deviceId)
        }
    }

    public func status(_ deviceId: String) -> DeviceStatus? { state.withLock { $0.statuses[deviceId] } }

    /// Every device's status.
    public var statuses: [String: DeviceStatus] { state.withLock { $0.statuses } }

    /// Restores statuses saved before a restart.
    public func restore(statuses: [String: DeviceStatus]) {
        state.withLock { state in
            for (id, status) in statuses { state.statuses[id] = status }
        }
    }

    /// The statuses changed since the last call, for the periodic flush.
    public func takeDirtyStatuses() -> [String: DeviceStatus] {
        state.withLock { state in
            var changed: [String: DeviceStatus] = [:]
            for id in state.dirtyStatuses { changed[id] = state.statuses[id] }
            state.dirtyStatuses.removeAll(keepingCapacity: true)
            return changed
        }
    }
}
