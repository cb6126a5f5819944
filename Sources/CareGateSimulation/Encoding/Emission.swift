import CareGateCore

/// Something a device wants published at one instant, in canonical terms; a wire encoder renders
/// it in the device's format (or drops it when the format has no such message).
enum Emission: Sendable {
    case availability(online: Bool)
    /// The retained latest snapshot.
    case state([SimulatedField])
    case telemetry([SimulatedField])
    case event(type: String, data: [SimulatedField])
    case meter(MeterCounters)
    /// Vendor housekeeping the gateway is configured to ignore (ESPHome `wifi_signal`).
    case diagnostics
}

/// Renders a device's emissions as MQTT messages in one wire format, with their expected outcome.
///
/// An encoder owns what the format keeps per device: its topics, its `seq` counter (one counter
/// across all of a device's topics, as the contract requires) and a generator for vendor noise
/// such as link quality.
protocol WireEncoder: Sendable {
    mutating func encode(_ emission: Emission, at now: EpochMillis, into out: inout [SimulatedMessage])

    /// Takes the next sequence number, for a deliberately broken message from this device; nil
    /// for formats without one.
    mutating func takeSequence() -> Int64?
}

/// What every encoder needs to stamp a message.
struct WireContext: Sendable {
    let device: SimulatedDevice
    let site: String
    let start: EpochMillis
    let telemetryQoS: UInt8
    /// Site-local time, for readings that follow the day (a radar's illuminance).
    let world: SiteWorld

    func message(
        _ now: EpochMillis, _ topic: String, _ payload: [UInt8], qos: UInt8, retain: Bool = false,
        _ expected: Expectation
    ) -> SimulatedMessage {
        SimulatedMessage(
            offset: now - start, topic: topic, payload: payload, qos: qos, retain: retain, expected: expected,
            deviceId: device.id, kind: device.kind)
    }

    func valid(_ role: MessageRole) -> Expectation {
        .valid(deviceId: device.id, role: role)
    }

    /// Valid for the event types the device's profile knows, `unknown_value` for any other.
    func event(_ type: String) -> Expectation {
        device.model.eventTypes.contains(type) ? valid(.event) : .quarantined(.unknownValue)
    }
}
