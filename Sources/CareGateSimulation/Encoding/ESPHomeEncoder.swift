import CareGateCore

/// Seeed MR60BHA2 running ESPHome: one plain scalar per entity topic (`{deviceId}/sensor/
/// heart_rate/state` → `72.50`), birth and will on `{deviceId}/status`.
///
/// ESPHome sends no timestamp and no sequence, so these messages are never re-sent as duplicates.
/// Housekeeping sensors (`wifi_signal`, `num_targets`) go out once a minute; the profile ignores
/// them, which is exactly what they test.
struct ESPHomeEncoder: WireEncoder {
    let context: WireContext
    private let heartRateTopic: String
    private let breathRateTopic: String
    private let distanceTopic: String
    private let hasTargetTopic: String
    private let statusTopic: String
    private let wifiTopic: String
    private let targetsTopic: String
    private var random: SimulationRandom
    private var distance: DriftingValue
    private var hasTarget = false

    init(context: WireContext, random: SimulationRandom) {
        self.context = context
        let id = context.device.id
        heartRateTopic = id + "/sensor/heart_rate/state"
        breathRateTopic = id + "/sensor/breath_rate/state"
        distanceTopic = id + "/sensor/distance/state"
        hasTargetTopic = id + "/binary_sensor/has_target/state"
        statusTopic = id + "/status"
        wifiTopic = id + "/sensor/wifi_signal/state"
        targetsTopic = id + "/sensor/num_targets/state"
        self.random = random
        distance = DriftingValue(around: self.random.double(in: 70...100), band: 50...120, step: 1.5)
    }

    mutating func takeSequence() -> Int64? { nil }

    mutating func encode(_ emission: Emission, at now: EpochMillis, into out: inout [SimulatedMessage]) {
        switch emission {
        case .availability(let online):
            out.append(
                context.message(
                    now, statusTopic, Array((online ? "online" : "offline").utf8), qos: 1, retain: true,
                    context.valid(.availability)))
        case .telemetry(let fields):
            hasTarget = fields["in_bed"]?.bool ?? fields["presence"]?.bool ?? false
            if hasTarget {
                if let heartRate = fields["heart_rate"]?.number {
                    scalar(heartRateTopic, heartRate, places: 2, now, .telemetry, &out)
                }
                if let respRate = fields["resp_rate"]?.number {
                    scalar(breathRateTopic, respRate, places: 2, now, .telemetry, &out)
                }
                scalar(distanceTopic, distance.next(&random), places: 1, now, .telemetry, &out)
            }
            out.append(
                context.message(
                    now, hasTargetTopic, Array((hasTarget ? "ON" : "OFF").utf8), qos: context.telemetryQoS,
                    context.valid(.telemetry)))
        case .diagnostics:
            scalar(wifiTopic, Double(random.int64(in: -80...(-45))), places: 0, now, nil, &out)
            scalar(targetsTopic, hasTarget ? 1 : 0, places: 0, now, nil, &out)
        case .state, .event, .meter:
            break
        }
    }

    /// Appends one scalar message; `role` nil marks a sensor the profile ignores.
    private func scalar(
        _ topic: String, _ value: Double, places: Int, _ now: EpochMillis, _ role: MessageRole?,
        _ out: inout [SimulatedMessage]
    ) {
        var writer = PayloadWriter(capacity: 8)
        writer.decimal(value, places: places)
        out.append(
            context.message(
                now, topic, writer.bytes, qos: context.telemetryQoS, role.map { context.valid($0) } ?? .ignored))
    }
}
