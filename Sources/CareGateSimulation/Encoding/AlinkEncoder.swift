import CareGateCore

/// A vital-sign radar on Alibaba IoT's Alink thing model: property posts on
/// `/sys/{productKey}/{deviceId}/thing/event/property/post` and events on
/// `/sys/{productKey}/{deviceId}/thing/event/{Identifier}/post`.
///
/// The message `id` is the device's sequence (a numeric string, as Alink requires), every
/// property carries its own `time`. Events map to the thing model's FallAlarm, BedExitAlarm,
/// BedEnter and ApneaAlarm; a scripted event outside it goes out under its PascalCase name and is
/// expected to be quarantined. Alink reports availability on a broker-side topic the gateway does
/// not subscribe to, so none is simulated.
struct AlinkEncoder: WireEncoder {
    static let productKey = "a1CareGate01"
    /// Canonical event → Alink event identifier.
    static let events: [String: String] = [
        "fall": "FallAlarm", "bed_exit": "BedExitAlarm", "bed_enter": "BedEnter", "apnea": "ApneaAlarm",
    ]

    let context: WireContext
    private let propertyTopic: String
    private let eventTopicPrefix: String
    private var random: SimulationRandom
    private var seq: Int64 = 0

    init(context: WireContext, random: SimulationRandom) {
        self.context = context
        eventTopicPrefix = "/sys/" + Self.productKey + "/" + context.device.id + "/thing/event/"
        propertyTopic = eventTopicPrefix + "property/post"
        self.random = random
    }

    mutating func takeSequence() -> Int64? {
        seq += 1
        return seq
    }

    mutating func encode(_ emission: Emission, at now: EpochMillis, into out: inout [SimulatedMessage]) {
        switch emission {
        case .telemetry(let fields):
            out.append(
                context.message(
                    now, propertyTopic, propertyPost(fields, at: now), qos: context.telemetryQoS,
                    context.valid(.telemetry)))
        case .event(let type, let data):
            let identifier = Self.events[type] ?? Self.identifier(for: type)
            seq += 1
            var writer = PayloadWriter()
            writer.open()
            writer.key("id")
            writer.quoted(String(seq))
            writer.key("version")
            writer.quoted("1.0")
            writer.key("params")
            writer.open()
            writer.key("value")
            writer.object(data.map { SimulatedField(Self.identifier(for: $0.key), $0.value) })
            writer.key("time")
            writer.int(now)
            writer.close()
            writer.key("method")
            writer.quoted("thing.event." + identifier + ".post")
            writer.close()
            out.append(
                context.message(now, eventTopicPrefix + identifier + "/post", writer.bytes, qos: 1, context.event(type)))
        case .availability, .state, .meter, .diagnostics:
            break
        }
    }

    private mutating func propertyPost(_ fields: [SimulatedField], at now: EpochMillis) -> [UInt8] {
        seq += 1
        var writer = PayloadWriter(capacity: 280)
        writer.open()
        writer.key("id")
        writer.quoted(String(seq))
        writer.key("version")
        writer.quoted("1.0")
        writer.key("sys")
        writer.raw("{\"ack\":0}")
        writer.key("params")
        writer.open()
        if let heartRate = fields["heart_rate"]?.number {
            property(&writer, "HeartRate", Int64(heartRate.rounded()), now)
        }
        if let respRate = fields["resp_rate"]?.number {
            property(&writer, "RespiratoryRate", Int64(respRate.rounded()), now)
        }
        property(&writer, "InBed", fields["in_bed"]?.bool == true ? 1 : 0, now)
        let movement: Int64
        switch fields["motion"]?.text {
        case "active": movement = random.int64(in: 30...70)
        case "still": movement = random.int64(in: 5...20)
        default: movement = random.int64(in: 0...3)
        }
        property(&writer, "BodyMovement", movement, now)
        writer.close()
        writer.key("method")
        writer.quoted("thing.event.property.post")
        writer.close()
        return writer.bytes
    }

    private func property(_ writer: inout PayloadWriter, _ name: String, _ value: Int64, _ now: EpochMillis) {
        writer.key(name)
        writer.open()
        writer.key("value")
        writer.int(value)
        writer.key("time")
        writer.int(now)
        writer.close()
    }

    /// `duration_s` → `Duration`, `confidence` → `Confidence`: Alink identifiers are PascalCase
    /// without unit suffixes.
    static func identifier(for key: String) -> String {
        var base = Substring(key)
        if base.hasSuffix("_s") { base = base.dropLast(2) }
        return base.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
