import CareGateCore

extension ScenarioRequest {
    /// The request's timeline on `fleet`: the target resolved to devices, the options applied.
    public func compile(in fleet: Fleet) throws(ScenarioError) -> Scenario {
        try checkOptions()
        let name = kind.rawValue + "@" + ScenarioScript.formatOffset(at) + (target.map { " " + $0 } ?? "")
        switch kind {
        case .fall: return Scenario(name: name, steps: try fall(fleet))
        case .bedExit: return Scenario(name: name, steps: try bedExit(fleet))
        case .apnea: return Scenario(name: name, steps: try apnea(fleet))
        case .tipOver: return Scenario(name: name, steps: try tipOver(fleet))
        case .silentDevice: return Scenario(name: name, steps: try silentDevice(fleet))
        case .malformedBurst: return Scenario(name: name, steps: try malformedBurst(fleet))
        }
    }

    private func fall(_ fleet: Fleet) throws(ScenarioError) -> [ScenarioStep] {
        let radar = try resolveDevice(fleet, kinds: [.fallRadar]) { resident in
            fleet.devices.first { $0.kind == .fallRadar && $0.residentRef == resident.ref }
                ?? fleet.devices.first { $0.kind == .fallRadar && $0.room == resident.room && $0.zone == "bedroom" }
        }
        let lying = try millis("seconds", default: 180, unit: Millis.second, range: 1...3600)
        let confirm: EpochMillis = 70 * Millis.second
        let fell = at + 5 * Millis.second
        let tuya = radar.model.format == .tuya
        // A Tuya radar has no fall events: its `fall_down_status` says `maybe_fall`, then `fall`. The
        // status rides in the same override as the posture so that no report shows one without the other.
        var down = [
            SimulatedField("presence", .bool(true)), SimulatedField("motion", .text("none")),
            SimulatedField("posture", .text("fallen")),
        ]
        if tuya { down.append(SimulatedField("fall_state", .text("suspected"))) }
        var steps = [
            set(radar, at, for: 5 * Millis.second, ["presence": .bool(true), "motion": .text("active"), "posture": .text("standing")]),
            set(radar, fell, for: lying, down),
            set(radar, fell + lying, for: Millis.minute, ["presence": .bool(true), "motion": .text("still"), "posture": .text("sitting")]),
        ]
        if tuya {
            if lying > confirm { steps.append(set(radar, fell + confirm, for: lying - confirm, ["fall_state": .text("fall")])) }
        } else {
            steps.append(event(radar, fell, "fall_suspected", ["confidence": .int(80)]))
            steps.append(
                lying >= confirm
                    ? event(radar, fell + confirm, "fall", ["duration_s": .int(confirm / Millis.second)])
                    : event(radar, fell + lying, "fall_cancelled", [:]))
        }
        return steps
    }

    private func bedExit(_ fleet: Fleet) throws(ScenarioError) -> [ScenarioStep] {
        let resident = try resolveResident(fleet, kinds: [.vitalsRadar, .careBed])
        let away = try millis("minutes", default: 25, unit: Millis.minute, range: 1...720)
        let sensors = fleet.devices.filter { $0.residentRef == resident.ref && [.vitalsRadar, .careBed].contains($0.kind) }
        let preRoll = max(0, at - 2 * Millis.minute)
        return sensors.flatMap { sensor in
            [set(sensor, preRoll, for: at - preRoll, ["in_bed": .bool(true)]), set(sensor, at, for: away, ["in_bed": .bool(false)])]
                .filter { step in if case .set(_, let length) = step.action { length > 0 } else { true } }
        }
    }

    private func apnea(_ fleet: Fleet) throws(ScenarioError) -> [ScenarioStep] {
        let held = try millis("seconds", default: 30, unit: Millis.second, range: 1...600)
        let radars: [SimulatedDevice]
        if let target, let device = fleet.device(id: target) {
            guard device.kind == .vitalsRadar else { throw wrongTarget(target, "a vitals radar") }
            radars = [device]
        } else {
            let resident = try resolveResident(fleet, kinds: [.vitalsRadar])
            radars = fleet.devices.filter { $0.residentRef == resident.ref && $0.kind == .vitalsRadar }
        }
        let preRoll = max(0, at - Millis.minute)
        return radars.flatMap { radar in
            [
                set(radar, preRoll, for: at + held + Millis.minute - preRoll, ["in_bed": .bool(true)]),
                set(radar, at, for: held, ["resp_rate": .decimal(0, places: 0)]),
                event(radar, at + held, "apnea", ["duration_s": .int(held / Millis.second)]),
            ]
        }
    }

    private func tipOver(_ fleet: Fleet) throws(ScenarioError) -> [ScenarioStep] {
        let chair = try resolveDevice(fleet, kinds: [.wheelchair]) { resident in
            fleet.devices.first { $0.kind == .wheelchair && $0.residentRef == resident.ref }
        }
        let tilted = try millis("seconds", default: 3, unit: Millis.second, range: 1...600)
        let tip = at + 10 * Millis.second
        return [
            set(chair, at, for: 10 * Millis.second, ["presence": .bool(true), "speed": .decimal(0.9, places: 2), "tilt": .decimal(1.5, places: 1)]),
            set(chair, tip, for: tilted, ["presence": .bool(true), "speed": .decimal(0, places: 2), "tilt": .decimal(45, places: 1)]),
            event(chair, tip + min(2 * Millis.second, tilted), "tip_over", ["tilt": .decimal(45, places: 1)]),
        ]
    }

    private func silentDevice(_ fleet: Fleet) throws(ScenarioError) -> [ScenarioStep] {
        let device = try resolveDevice(fleet, kinds: [], default: fleet.devices.first { $0.kind == .fallRadar } ?? fleet.devices.first)
        let length = try millis("minutes", default: 20, unit: Millis.minute, range: 0...100_000)
        let offline = try flag("offline", default: false)
        return [ScenarioStep(at: at, deviceId: device.id, action: .silence(forMillis: length == 0 ? nil : length, announceOffline: offline))]
    }

    private func malformedBurst(_ fleet: Fleet) throws(ScenarioError) -> [ScenarioStep] {
        if let target, fleet.device(id: target) == nil { throw ScenarioError("no device '\(target)' in the fleet") }
        let count = try millis("count", default: 50, unit: 1, range: 1...100_000)
        let within = try millis("seconds", default: 1, unit: Millis.second, range: 0...3600)
        return [ScenarioStep(at: at, deviceId: target, action: .malformedBurst(count: Int(count), withinMillis: within))]
    }
}
