import CareGateCore

/// A device model the simulator can play: a kind of device speaking one wire format, decoded by one
/// shipped profile.
///
/// The eight native models speak CareGate's own envelope; the three vendor models speak the exact
/// shapes real hardware publishes (zigbee2mqtt, Alibaba's Alink thing model, ESPHome), so the same
/// traffic exercises the profile mapping that a site's real devices go through.
public struct SimulatedModel: Sendable, Hashable, CustomStringConvertible {
    /// The id of the profile that decodes this model's messages (and the registry's `profile`).
    public let profileId: String
    public let kind: DeviceKind
    /// Prefix of the simulated device ids: `fr` gives `fr-0001`.
    public let idPrefix: String
    public let format: WireFormat

    /// How a model puts its readings on the wire.
    public enum WireFormat: String, Sendable, Hashable {
        /// `care/{site}/{kind}/{deviceId}/{telemetry|event|state|availability|meter}` (contract.md).
        case native
        /// zigbee2mqtt: one flat JSON object on `zigbee2mqtt/{deviceId}`; no timestamp, no sequence.
        case tuya
        /// Alibaba IoT Alink JSON: property posts and `thing.event.{Id}.post` events under `/sys/`.
        case alink
        /// ESPHome MQTT: one plain scalar per entity topic; no timestamp, no sequence.
        case esphome
    }

    public var description: String { profileId }

    public static let fallRadar = native(.fallRadar, "fr")
    public static let vitalsRadar = native(.vitalsRadar, "vr")
    public static let careBed = native(.careBed, "bed")
    public static let wearable = native(.wearable, "w")
    public static let callButton = native(.callButton, "cb")
    public static let wheelchair = native(.wheelchair, "wc")
    public static let hoist = native(.hoist, "ho")
    public static let rehabRobot = native(.rehabRobot, "rr")
    /// Tuya MIR-HE200-TY presence radar with fall function, through zigbee2mqtt.
    public static let tuyaFallRadar = SimulatedModel(
        profileId: "tuya.mir-he200-ty", kind: .fallRadar, idPrefix: "tuya", format: .tuya)
    /// A vital-sign / sleep radar on Alibaba IoT's Alink thing model.
    public static let alinkVitalsRadar = SimulatedModel(
        profileId: "alink.vital-sign-radar", kind: .vitalsRadar, idPrefix: "alink", format: .alink)
    /// Seeed MR60BHA2 breathing and heart-rate kit running ESPHome.
    public static let esphomeVitalsRadar = SimulatedModel(
        profileId: "esphome.seeed-mr60bha2", kind: .vitalsRadar, idPrefix: "esp", format: .esphome)

    /// Every model, in the fixed order in which fleets are laid out and ids are numbered.
    public static let all: [SimulatedModel] = [
        .fallRadar, .vitalsRadar, .careBed, .wearable, .callButton, .wheelchair, .hoist, .rehabRobot,
        .tuyaFallRadar, .alinkVitalsRadar, .esphomeVitalsRadar,
    ]

    /// The model a user names on the command line: a native kind (`fall-radar`), a vendor format
    /// (`tuya`, `alink`, `esphome`), an id prefix (`fr`) or a profile id.
    public static func named(_ name: String) -> SimulatedModel? {
        let key = name.lowercased()
        return all.first { model in
            key == model.profileId || key == model.idPrefix
                || (model.format == .native && key == model.kind.rawValue)
                || (model.format != .native && key == model.format.rawValue)
        }
    }

    /// Whether this model is rented out per asset (community rental), so it gets an asset tag and a
    /// rental contract in the registry.
    public var isRentable: Bool {
        format == .native && [.wheelchair, .careBed, .hoist, .rehabRobot, .wearable].contains(kind)
    }

    /// The event types this model's profile accepts (the contract's canonical list per kind; an
    /// Alink radar's thing model). A scripted event outside it is expected to be quarantined as
    /// `unknown_value`; Tuya and ESPHome devices have no events at all.
    public var eventTypes: Set<String> {
        switch format {
        case .tuya, .esphome: return []
        case .alink: return ["fall", "bed_exit", "bed_enter", "apnea"]
        case .native: break
        }
        switch kind {
        case .fallRadar: return ["fall_suspected", "fall", "fall_cancelled"]
        case .vitalsRadar: return ["bed_exit", "bed_enter", "apnea"]
        case .careBed: return ["bed_exit", "bed_enter", "early_exit_warning"]
        case .wearable: return ["sos", "fall", "geofence_exit", "geofence_enter", "removed", "low_battery"]
        case .callButton: return ["sos", "fall", "fall_cancelled", "low_battery"]
        case .wheelchair: return ["tip_over", "collision", "motor_fault", "session_start", "session_end"]
        case .hoist: return ["session_start", "session_end", "estop", "overload"]
        case .rehabRobot: return ["session_start", "session_end", "fault", "fall"]
        default: return []
        }
    }

    private static func native(_ kind: DeviceKind, _ prefix: String) -> SimulatedModel {
        SimulatedModel(profileId: "caregate.\(kind.rawValue)", kind: kind, idPrefix: prefix, format: .native)
    }
}
