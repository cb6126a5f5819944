import CareGateCore

/// Mixes the plan's share of malformed messages and duplicates into the stream.
///
/// Malformed messages cycle through every quarantine reason, each aimed at a random device the
/// reason applies to, with a fresh `seq` from that device. Duplicates re-send one of the last 32
/// de-duplicable messages unchanged (same topic, payload, `seq` and `ts`): close enough that the
/// gateway's 64-message anti-replay window must recognise them. Messages without a `seq` (Tuya,
/// ESPHome) and retained snapshots are never re-sent: nothing could tell the copy from a new reading.
struct Injector {
    private let plan: SimulationPlan
    private let factory: MalformedMessageFactory
    private var random: SimulationRandom
    /// Device indices each reason may target, per `MalformedMessageFactory.reasons`.
    private let eligible: [[Int]]
    private var cursor = 0
    private var recent: [(message: SimulatedMessage, device: Int)] = []
    private var recentNext = 0
    private static let recentCapacity = 32

    init(fleet: Fleet, plan: SimulationPlan) {
        self.plan = plan
        factory = MalformedMessageFactory(site: fleet.site, limits: plan.limits, start: plan.start)
        random = SimulationRandom(seed: plan.seed, stream: "injector")
        eligible = MalformedMessageFactory.reasons.map { [factory] reason in
            fleet.devices.filter { factory.canTarget(reason, model: $0.model) }.map(\.index)
        }
    }

    /// A malformed message or a duplicate, as the plan's shares decide, or nil for background traffic.
    mutating func inject(at now: EpochMillis, devices: inout [DeviceRuntime]) -> SimulatedMessage? {
        let roll = random.unit()
        if roll < plan.malformedShare {
            return malformed(at: now, target: nil, devices: &devices)
        }
        guard roll < plan.malformedShare + plan.duplicateShare, !recent.isEmpty else { return nil }
        let pick = recent[random.int(in: 0...(recent.count - 1))]
        guard !devices[pick.device].isSilent else { return nil }
        var copy = pick.message
        copy.offset = now - plan.start
        copy.expected = .duplicate(deviceId: devices[pick.device].device.id)
        return copy
    }

    /// The next malformed message in the reason cycle, aimed at `target` or at a random device.
    mutating func malformed(at now: EpochMillis, target: Int?, devices: inout [DeviceRuntime]) -> SimulatedMessage {
        let reasons = MalformedMessageFactory.reasons
        for _ in reasons.indices {
            let slot = cursor % reasons.count
            cursor += 1
            let reason = reasons[slot]
            let candidates = target.map { [$0] } ?? eligible[slot]
            let usable = candidates.filter {
                factory.canTarget(reason, model: devices[$0].device.model) && !devices[$0].isSilent
            }
            if reason == .noProfile && target == nil && (usable.isEmpty || random.chance(0.5)) {
                return factory.make(reason, device: nil, at: now, seq: 0, random: &random)
            }
            guard !usable.isEmpty else { continue }
            let index = usable[random.int(in: 0...(usable.count - 1))]
            let seq = devices[index].takeSequence() ?? 0
            return factory.make(reason, device: devices[index].device, at: now, seq: seq, random: &random)
        }
        return factory.make(.noProfile, device: nil, at: now, seq: 0, random: &random)
    }

    /// Keeps `message` as a candidate for a later duplicate if it can be recognised as one.
    mutating func remember(_ message: SimulatedMessage, devices: [DeviceRuntime], indexById: [String: Int]) {
        guard plan.duplicateShare > 0, !message.retain, case .valid(let id, let role) = message.expected,
            role == .telemetry || role == .event || role == .meter, let index = indexById[id]
        else { return }
        let format = devices[index].device.model.format
        guard format == .native || format == .alink else { return }
        if recent.count < Self.recentCapacity {
            recent.append((message, index))
        } else {
            recent[recentNext] = (message, index)
            recentNext = (recentNext + 1) % Self.recentCapacity
        }
    }
}
