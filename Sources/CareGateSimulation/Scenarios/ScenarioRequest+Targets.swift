import CareGateCore

extension ScenarioRequest {
    /// The options each scenario accepts.
    static let knownOptions: [ScenarioKind: Set<String>] = [
        .fall: ["seconds"], .bedExit: ["minutes"], .apnea: ["seconds"], .tipOver: ["seconds"],
        .silentDevice: ["minutes", "offline"], .malformedBurst: ["count", "seconds"],
    ]

    func checkOptions() throws(ScenarioError) {
        let known = Self.knownOptions[kind] ?? []
        for key in options.keys.sorted() where !known.contains(key) {
            let list = known.sorted().joined(separator: ", ")
            throw ScenarioError("unknown option '\(key)' for \(kind.rawValue) (known: \(list.isEmpty ? "none" : list))")
        }
    }

    /// A whole-number option times `unit`, checked against `range` (in the option's own unit).
    func millis(_ key: String, default value: Int64, unit: EpochMillis, range: ClosedRange<Int64>)
        throws(ScenarioError) -> EpochMillis
    {
        guard let text = options[key] else { return value * unit }
        guard let number = Int64(text), range.contains(number) else {
            throw ScenarioError("option \(key)=\(text) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number * unit
    }

    func flag(_ key: String, default value: Bool) throws(ScenarioError) -> Bool {
        guard let text = options[key] else { return value }
        guard text == "true" || text == "false" else { throw ScenarioError("option \(key)=\(text) must be true or false") }
        return text == "true"
    }

    /// The target device: a device id of one of `kinds` (any kind when empty), a resident's device
    /// found by `forResident`, or `fallback` / the first device of `kinds` when no target is given.
    func resolveDevice(
        _ fleet: Fleet, kinds: [DeviceKind], default fallback: SimulatedDevice? = nil,
        forResident: (SimulatedResident) -> SimulatedDevice? = { _ in nil }
    ) throws(ScenarioError) -> SimulatedDevice {
        let wanted = kinds.map(\.rawValue).joined(separator: " or ")
        guard let target else {
            guard let device = fallback ?? fleet.devices.first(where: { kinds.contains($0.kind) }) else {
                throw ScenarioError("\(kind.rawValue) needs a \(wanted.isEmpty ? "device" : wanted) and the fleet has none")
            }
            return device
        }
        if let device = fleet.device(id: target) {
            guard kinds.isEmpty || kinds.contains(device.kind) else { throw wrongTarget(target, "a " + wanted) }
            return device
        }
        if let resident = fleet.resident(ref: target) {
            guard let device = forResident(resident) else { throw ScenarioError("resident \(target) has no \(wanted)") }
            return device
        }
        throw ScenarioError("no device or resident '\(target)' in the fleet")
    }

    /// The target resident: named directly, through one of their devices, or the first resident
    /// with a device of `kinds`.
    func resolveResident(_ fleet: Fleet, kinds: [DeviceKind]) throws(ScenarioError) -> SimulatedResident {
        let hasSensor = { (resident: SimulatedResident) in
            fleet.devices.contains { $0.residentRef == resident.ref && kinds.contains($0.kind) }
        }
        let wanted = kinds.map(\.rawValue).joined(separator: " or ")
        guard let target else {
            guard let resident = fleet.residents.first(where: hasSensor) else {
                throw ScenarioError("\(kind.rawValue) needs a resident with a \(wanted) and the fleet has none")
            }
            return resident
        }
        let resident = fleet.resident(ref: target) ?? fleet.device(id: target).flatMap { $0.residentRef }.flatMap(fleet.resident(ref:))
        guard let resident else { throw ScenarioError("no resident '\(target)' (or device bound to one) in the fleet") }
        guard hasSensor(resident) else { throw ScenarioError("resident \(resident.ref) has no \(wanted)") }
        return resident
    }

    func wrongTarget(_ target: String, _ wanted: String) -> ScenarioError {
        ScenarioError("\(kind.rawValue) needs \(wanted), and \(target) is not one")
    }

    func set(
        _ device: SimulatedDevice, _ time: EpochMillis, for length: EpochMillis, _ fields: KeyValuePairs<String, SimulatedValue>
    ) -> ScenarioStep {
        set(device, time, for: length, fields.map { SimulatedField($0.key, $0.value) })
    }

    func set(_ device: SimulatedDevice, _ time: EpochMillis, for length: EpochMillis, _ fields: [SimulatedField]) -> ScenarioStep {
        ScenarioStep(at: time, deviceId: device.id, action: .set(fields, forMillis: length))
    }

    func event(
        _ device: SimulatedDevice, _ time: EpochMillis, _ type: String, _ data: KeyValuePairs<String, SimulatedValue>
    ) -> ScenarioStep {
        ScenarioStep(at: time, deviceId: device.id, action: .event(type: type, data: data.map { SimulatedField($0.key, $0.value) }))
    }
}
