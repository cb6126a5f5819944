import CareGateCore

/// Tuya MIR-HE200-TY through zigbee2mqtt: the whole device state as one flat JSON object on
/// `zigbee2mqtt/{deviceId}`, availability as `{"state":"online"}` on `…/availability`.
///
/// zigbee2mqtt adds no timestamp and no sequence, so these messages cannot be de-duplicated and
/// the simulator never re-sends one. Falls are not events here but the `fall_down_status`
/// attribute (`maybe_fall`, then `fall`), which the profile turns into edge events.
struct TuyaEncoder: WireEncoder {
    let context: WireContext
    private let topic: String
    private let availabilityTopic: String
    private var random: SimulationRandom
    private let radarSensitivity: Int64
    private let fallSensitivity: Int64
    private let tumbleAlarmTime: Int64

    init(context: WireContext, random: SimulationRandom) {
        self.context = context
        topic = "zigbee2mqtt/" + context.device.id
        availabilityTopic = topic + "/availability"
        self.random = random
        radarSensitivity = self.random.int64(in: 5...8)
        fallSensitivity = self.random.int64(in: 4...7)
        tumbleAlarmTime = self.random.int64(in: 1...3)
    }

    mutating func takeSequence() -> Int64? { nil }

    mutating func encode(_ emission: Emission, at now: EpochMillis, into out: inout [SimulatedMessage]) {
        switch emission {
        case .availability(let online):
            var writer = PayloadWriter(capacity: 24)
            writer.open()
            writer.key("state")
            writer.quoted(online ? "online" : "offline")
            writer.close()
            out.append(
                context.message(now, availabilityTopic, writer.bytes, qos: 1, retain: true, context.valid(.availability)))
        case .telemetry(let fields):
            out.append(
                context.message(now, topic, payload(fields, at: now), qos: context.telemetryQoS, context.valid(.telemetry)))
        case .state, .event, .meter, .diagnostics:
            break
        }
    }

    private mutating func payload(_ fields: [SimulatedField], at now: EpochMillis) -> [UInt8] {
        let present = fields["presence"]?.bool ?? false
        let active = fields["motion"]?.text == "active"
        let fallState: String
        switch fields["fall_state"]?.text {
        case "suspected": fallState = "maybe_fall"
        case "fall": fallState = "fall"
        case "none": fallState = "none"
        default: fallState = fields["posture"]?.text == "fallen" ? "fall" : "none"
        }
        let daylight = context.world.isDaytime(now)
        var writer = PayloadWriter(capacity: 240)
        writer.open()
        writer.key("presence")
        writer.bool(present)
        writer.key("occupancy")
        writer.bool(present)
        writer.key("motion_speed")
        writer.int(active ? random.int64(in: 1...9) : 0)
        writer.key("motion_direction")
        writer.quoted(active ? random.pick(["moving_forward", "moving_backward"]) : "standing_still")
        writer.key("fall_down_status")
        writer.quoted(fallState)
        writer.key("illuminance")
        writer.int(daylight ? random.int64(in: 80...400) : random.int64(in: 0...5))
        writer.key("radar_sensitivity")
        writer.int(radarSensitivity)
        writer.key("tumble_switch")
        writer.bool(true)
        writer.key("fall_sensitivity")
        writer.int(fallSensitivity)
        writer.key("tumble_alarm_time")
        writer.int(tumbleAlarmTime)
        writer.key("linkquality")
        writer.int(random.int64(in: 60...140))
        writer.close()
        return writer.bytes
    }
}
