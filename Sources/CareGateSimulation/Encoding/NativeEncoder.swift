import CareGateCore

/// CareGate's own envelope (contract.md): `care/{site}/{kind}/{deviceId}/{role}`.
///
/// `seq` increases across all of the device's topics; availability payloads are bare words and
/// carry none. State and availability are retained, events and meters go at QoS 1, telemetry at
/// the plan's QoS.
struct NativeEncoder: WireEncoder {
    let context: WireContext
    private let telemetryTopic: String
    private let eventTopic: String
    private let stateTopic: String
    private let availabilityTopic: String
    private let meterTopic: String
    private var seq: Int64 = 0

    init(context: WireContext) {
        self.context = context
        let device = context.device
        telemetryTopic = Self.topic(site: context.site, device: device, role: .telemetry)
        eventTopic = Self.topic(site: context.site, device: device, role: .event)
        stateTopic = Self.topic(site: context.site, device: device, role: .state)
        availabilityTopic = Self.topic(site: context.site, device: device, role: .availability)
        meterTopic = Self.topic(site: context.site, device: device, role: .meter)
    }

    /// `care/{site}/{kind}/{deviceId}/{role}`.
    static func topic(site: String, device: SimulatedDevice, role: MessageRole) -> String {
        "care/" + site + "/" + device.kind.rawValue + "/" + device.id + "/" + role.rawValue
    }

    mutating func takeSequence() -> Int64? {
        seq += 1
        return seq
    }

    mutating func encode(_ emission: Emission, at now: EpochMillis, into out: inout [SimulatedMessage]) {
        switch emission {
        case .availability(let online):
            out.append(
                context.message(
                    now, availabilityTopic, Array((online ? "online" : "offline").utf8), qos: 1, retain: true,
                    context.valid(.availability)))
        case .telemetry(let fields):
            out.append(
                context.message(
                    now, telemetryTopic, envelope(now, props: fields), qos: context.telemetryQoS,
                    context.valid(.telemetry)))
        case .state(let fields):
            out.append(
                context.message(now, stateTopic, envelope(now, props: fields), qos: 1, retain: true, context.valid(.state)))
        case .event(let type, let data):
            var writer = header(now)
            writer.key("type")
            writer.quoted(type)
            writer.key("data")
            writer.object(data)
            writer.close()
            out.append(context.message(now, eventTopic, writer.bytes, qos: 1, context.event(type)))
        case .meter(let counters):
            var writer = header(now)
            writer.key("usage_s")
            writer.int(counters.usageSeconds)
            writer.key("distance_m")
            writer.int(counters.distanceMeters)
            writer.key("sessions")
            writer.int(counters.sessions)
            writer.close()
            out.append(context.message(now, meterTopic, writer.bytes, qos: 1, context.valid(.meter)))
        case .diagnostics:
            break
        }
    }

    private mutating func envelope(_ now: EpochMillis, props: [SimulatedField]) -> [UInt8] {
        var writer = header(now)
        writer.key("props")
        writer.object(props)
        writer.close()
        return writer.bytes
    }

    /// `{"ts":…,"seq":…` with the object left open.
    private mutating func header(_ now: EpochMillis) -> PayloadWriter {
        seq += 1
        return Self.header(ts: now, seq: seq)
    }

    static func header(ts: EpochMillis, seq: Int64, capacity: Int = 160) -> PayloadWriter {
        var writer = PayloadWriter(capacity: capacity)
        writer.open()
        writer.key("ts")
        writer.int(ts)
        writer.key("seq")
        writer.int(seq)
        return writer
    }
}
