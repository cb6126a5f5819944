import CareGateCore

/// Mixes the plan's share of malformed messages and duplicates into the stream.
///
/// Malformed messages cycle through every quarantine reason, each aimed at a random device the
/// reason applies to, with a fresh `seq` from that device. Duplicates re-send one of the last 32
/// de-duplicable messages unchanged (same topic, payload, `seq` and `ts`): close enough that the
/// gateway's 64-message anti-replay window must recognise them. Messages without a `seq` (Tuya,
/// ESPHome) and retained snapshots are never re-sent: nothing could tell the copy from a new reading.
struct Injector: Sendable {
    private let plan: SimulationPlan
    private let factory: MalformedMessageFactory
    private var random: SimulationRandom
    /// Device indices each reason may target, per `MalformedMessageFactory.reasons`.
    private let eligible: [[Int]]
    private let eligibleSet: [Set<Int>]
    /// Per device: whether its messages carry a `seq`, so a re-send is recognisable.
    private let dedupable: [Bool]
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
        eligibleSet = eligible.map(Set.init)
        dedupable = fleet.devices.map { $0.model.format == .native || $0.model.format == .alink }
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
            if reason == .noProfile && target == nil && (eligible[slot].isEmpty || random.chance(0.5)) {
                return factory.make(reason, device: nil, at: now, seq: 0, random: &random)
            }
            guard let index = pickDevice(slot, target: target, devices: devices) else { continue }
            let seq = devices[index].takeSequence() ?? 0
            return factory.make(reason, device: devices[index].device, at: now, seq: seq, random: &random)
        }
        return factory.make(.noProfile, device: nil, at: now, seq: 0, random: &random)
    }

    /// A device that reason `slot` applies to and that is not silenced: `target` if it qualifies,
    /// otherwise a random one (a few tries, so a mostly silenced fleet cannot stall the stream).
    private mutating func pickDevice(_ slot: Int, target: Int?, devices: [DeviceRuntime]) -> Int? {
        if let target {
            let usable = eligibleSet[slot].contains(target) && !devices[target].isSilent
            return usable ? target : nil
        }
        let candidates = eligible[slot]
        guard !candidates.isEmpty else { return nil }
        for _ in 0..<8 {
            let index = candidates[random.int(in: 0...(candidates.count - 1))]
            if !devices[index].isSilent { return index }
        }
        return nil
    }

    /// Keeps `message`, published by device `source` (nil: by none), as a candidate for a later
    /// duplicate if it can be recognised as one.
    mutating func remember(_ message: SimulatedMessage, source: Int?) {
        guard plan.duplicateShare > 0, let source, dedupable[source], !message.retain,
            case .valid(_, let role) = message.expected, role == .telemetry || role == .event || role == .meter
        else { return }
        if recent.count < Self.recentCapacity {
            recent.append((message, source))
        } else {
            recent[recentNext] = (message, source)
            recentNext = (recentNext + 1) % Self.recentCapacity
        }
    }
}
