import CareGateCore

/// One device during a run: its behaviour, its wire encoder, its scenario overrides and its timers.
///
/// The stream wakes a device at the earliest of its timers; the device then brings its behaviour
/// up to date, publishes what is due (edge events first, then a report if it is due or the state
/// changed, then the retained snapshot, the meter and housekeeping) and says when to wake it next.
struct DeviceRuntime: Sendable {
    let device: SimulatedDevice
    private var behaviour: any DeviceBehaviour
    private var encoder: any WireEncoder
    private var random: SimulationRandom
    private(set) var overrides = OverrideSet()
    private let scale: Double
    private var started = false
    /// Silenced by a scenario until this instant (`.max`: for the rest of the run).
    private var silentUntil: EpochMillis?
    private var announcedOffline = false
    private var nextReport: EpochMillis
    private var nextState: EpochMillis
    private var nextMeter: EpochMillis
    private var nextDiagnostics: EpochMillis
    /// Bumped on every reschedule; queue entries with an older generation are stale.
    private(set) var generation: UInt64 = 0

    init(device: SimulatedDevice, site: String, world: SiteWorld, plan: SimulationPlan) {
        self.device = device
        var random = SimulationRandom(seed: plan.seed, stream: "device/" + device.id)
        let context = WireContext(
            device: device, site: site, start: plan.start, telemetryQoS: plan.telemetryQoS, world: world)
        let wireRandom = SimulationRandom(seed: plan.seed, stream: "wire/" + device.id)
        switch device.model.format {
        case .native: encoder = NativeEncoder(context: context)
        case .tuya: encoder = TuyaEncoder(context: context, random: wireRandom)
        case .alink: encoder = AlinkEncoder(context: context, random: wireRandom)
        case .esphome: encoder = ESPHomeEncoder(context: context, random: wireRandom)
        }
        behaviour = Self.behaviour(for: device, world: world, random: &random)
        scale = plan.rateScale
        let startup = plan.start + random.int64(in: 0...(5 * Millis.second))
        nextReport = startup
        nextState = startup
        // Snapshot and meter go out at power-on too, so a consumer has a baseline from the start.
        nextMeter = behaviour.meter == nil ? .max : startup
        nextDiagnostics = device.model.format == .esphome ? startup : .max
        self.random = random
    }

    /// When the device first wakes (it comes online within the first five seconds).
    var firstWake: EpochMillis { nextReport }

    var isSilent: Bool { silentUntil != nil }

    /// The next sequence number, for a deliberately broken message from this device.
    mutating func takeSequence() -> Int64? { encoder.takeSequence() }

    /// Publishes what is due at `now` and returns when to wake next. `force` asks for a report now
    /// (a scenario changed the device).
    mutating func wake(
        at now: EpochMillis, force: Bool, world: SiteWorld, into out: inout [SimulatedMessage]
    ) -> EpochMillis {
        generation &+= 1
        var edges: [Emission] = []
        var changed = overrides.expire(at: now) || force
        changed = behaviour.advance(to: now, in: world, overrides: overrides, random: &random, events: &edges) || changed
        if !started {
            started = true
            changed = true
            encoder.encode(.availability(online: true), at: now, into: &out)
        }
        if let until = silentUntil, now >= until {
            silentUntil = nil
            changed = true
            if announcedOffline { encoder.encode(.availability(online: true), at: now, into: &out) }
        }
        let interval = overrides.isEmpty ? Self.scaled(behaviour.reportInterval, scale) : Millis.second
        if silentUntil == nil {
            for edge in edges { encoder.encode(edge, at: now, into: &out) }
            if changed || now >= nextReport || now >= nextState {
                var fields = behaviour.telemetry(at: now, in: world, overrides: overrides, random: &random)
                overrides.apply(to: &fields)
                if changed || now >= nextReport { encoder.encode(.telemetry(fields), at: now, into: &out) }
                if now >= nextState { encoder.encode(.state(fields), at: now, into: &out) }
            }
            if now >= nextMeter, let counters = behaviour.meter { encoder.encode(.meter(counters), at: now, into: &out) }
            if now >= nextDiagnostics { encoder.encode(.diagnostics, at: now, into: &out) }
        }
        if changed || now >= nextReport { nextReport = now + interval }
        if now >= nextState { nextState = now + Self.scaled(15 * Millis.minute, scale) }
        if now >= nextMeter { nextMeter = now + Self.scaled(Millis.hour, scale) }
        if now >= nextDiagnostics { nextDiagnostics = now + Self.scaled(Millis.minute, scale) }
        let next = min(
            nextReport, nextState, nextMeter, nextDiagnostics, behaviour.nextChange(after: now, in: world),
            overrides.nextExpiry, silentUntil ?? .max)
        return max(next, now + 1)
    }

    /// Forces `fields` onto the device until `until`.
    mutating func override(_ fields: [SimulatedField], until: EpochMillis) {
        overrides.set(fields, until: until)
    }

    /// Publishes an event now (scripted), unless the device is silent.
    mutating func publishEvent(_ type: String, data: [SimulatedField], at now: EpochMillis, into out: inout [SimulatedMessage]) {
        guard silentUntil == nil else { return }
        encoder.encode(.event(type: type, data: data), at: now, into: &out)
    }

    /// Stops publishing until `until`; with `announceOffline`, first publishes the retained
    /// `offline` its last will would leave behind.
    mutating func silence(until: EpochMillis, announceOffline: Bool, at now: EpochMillis, into out: inout [SimulatedMessage]) {
        if announceOffline && silentUntil == nil {
            encoder.encode(.availability(online: false), at: now, into: &out)
        }
        announcedOffline = announceOffline
        silentUntil = until
    }

    /// `interval` divided by the plan's rate scale, never below one millisecond.
    static func scaled(_ interval: EpochMillis, _ scale: Double) -> EpochMillis {
        max(1, EpochMillis((Double(interval) / scale).rounded()))
    }

    private static func behaviour(
        for device: SimulatedDevice, world: SiteWorld, random: inout SimulationRandom
    ) -> any DeviceBehaviour {
        let resident = device.residentRef.flatMap { ref in world.residents.firstIndex { $0.ref == ref } } ?? 0
        switch (device.kind, device.model.format) {
        case (.fallRadar, .tuya):
            return FallRadarBehaviour(
                device: device, world: world, occupiedInterval: 5 * Millis.second, vacantInterval: Millis.minute,
                random: &random)
        case (.fallRadar, _):
            return FallRadarBehaviour(
                device: device, world: world, occupiedInterval: Millis.second, vacantInterval: 30 * Millis.second,
                random: &random)
        case (.vitalsRadar, .alink):
            return VitalsRadarBehaviour(
                resident: resident, inBedInterval: 5 * Millis.second, emptyInterval: Millis.minute, random: &random)
        case (.vitalsRadar, .esphome):
            return VitalsRadarBehaviour(
                resident: resident, inBedInterval: 2 * Millis.second, emptyInterval: 30 * Millis.second, random: &random)
        case (.vitalsRadar, _):
            return VitalsRadarBehaviour(
                resident: resident, inBedInterval: Millis.second, emptyInterval: 30 * Millis.second, random: &random)
        case (.careBed, _):
            return CareBedBehaviour(resident: world.residents[resident], start: world.start, random: &random)
        case (.wearable, _):
            return WearableBehaviour(device: device, start: world.start, random: &random)
        case (.wheelchair, _):
            return WheelchairBehaviour(start: world.start, world: world, random: &random)
        case (.hoist, _):
            return SessionEquipmentBehaviour(equipment: .hoist, start: world.start, random: &random)
        case (.rehabRobot, _):
            return SessionEquipmentBehaviour(equipment: .rehabRobot, start: world.start, random: &random)
        default:
            return CallButtonBehaviour(random: &random)
        }
    }
}
