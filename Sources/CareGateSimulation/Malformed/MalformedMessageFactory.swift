import CareGateCore

/// Makes messages that the gateway must quarantine, one for each reason it checks, each broken in
/// exactly one way so that the expected reason is unambiguous.
///
/// Every message is otherwise as real as possible: a real device's topic, a plausible envelope with
/// a fresh `seq` from that device, realistic readings. Only the fault differs: truncated JSON or
/// trailing garbage (`malformed`), an invalid UTF-8 sequence (`not_utf8`), a payload past the
/// gateway's cap (`oversized`) or nested past its depth cap (`too_deep`), a string where a number
/// belongs (`wrong_type`), a value outside the profile's range (`out_of_range`), an enumeration value
/// the profile does not know (`unknown_value`), an event without a type (`missing_field`), a topic
/// no profile matches (`no_profile`), another site's topic (`site_mismatch`), a timestamp from 1970,
/// in seconds or a year ahead (`bad_timestamp`), and an envelope without one mapped field (`empty`).
public struct MalformedMessageFactory: Sendable {
    public let site: String
    /// The site named in `site_mismatch` topics.
    public let foreignSite: String
    public let limits: DecodeLimits
    /// The plan's start: message offsets are counted from it.
    public let start: EpochMillis

    /// Every reason the factory produces, in the order the stream cycles through them.
    public static let reasons: [QuarantineReason] = [
        .malformed, .notUTF8, .oversized, .tooDeep, .wrongType, .outOfRange, .unknownValue, .missingField,
        .noProfile, .siteMismatch, .badTimestamp, .empty,
    ]

    public init(site: String, limits: DecodeLimits = .standard, start: EpochMillis) {
        self.site = site
        self.foreignSite = site == "elsewhere" ? "elsewhere-2" : "elsewhere"
        self.limits = limits
        self.start = start
    }

    /// Whether a device of `model` can carry a message broken for `reason`. Only fields whose type
    /// and range the shipped profiles fix are broken, so the expected reason never depends on a
    /// profile's leniency.
    public func canTarget(_ reason: QuarantineReason, model: SimulatedModel) -> Bool {
        let native = model.format == .native
        switch reason {
        case .noProfile, .missingField, .notUTF8, .oversized, .tooDeep, .siteMismatch, .badTimestamp, .empty:
            return native
        case .malformed:
            return native || model.format == .tuya || model.format == .alink
        case .unknownValue:
            return model.kind == .fallRadar || model == .vitalsRadar
        case .wrongType:
            return native && model.kind != .fallRadar
        case .outOfRange:
            return native && [.vitalsRadar, .careBed, .wearable, .wheelchair, .rehabRobot].contains(model.kind)
        default:
            return false
        }
    }

    /// A message broken for `reason`, aimed at `device` (nil only for `no_profile`, which then
    /// uses a made-up topic under `care/{site}/`). `seq` should be the device's next sequence number.
    public func make(
        _ reason: QuarantineReason, device: SimulatedDevice?, at now: EpochMillis, seq: Int64,
        random: inout SimulationRandom
    ) -> SimulatedMessage {
        let (topic, payload, qos) = build(reason, device: device, now: now, seq: seq, random: &random)
        return SimulatedMessage(
            offset: now - start, topic: topic, payload: payload, qos: qos, retain: false,
            expected: .quarantined(reason), deviceId: device?.id, kind: device?.kind)
    }

    private func build(
        _ reason: QuarantineReason, device: SimulatedDevice?, now: EpochMillis, seq: Int64,
        random: inout SimulationRandom
    ) -> (String, [UInt8], UInt8) {
        guard let device else {
            // Both stay inside `care/`, which the gateway subscribes to as a whole, so they arrive
            // and are quarantined rather than never delivered.
            let toaster = "care/" + site + "/toaster/toaster-0001/telemetry"
            return random.chance(0.5)
                ? (toaster, envelope(now, seq, [SimulatedField("crumbs", .int(3))]), 1)
                : ("care/" + site + "/door", Array("open".utf8), 0)
        }
        let telemetry = NativeEncoder.topic(site: site, device: device, role: .telemetry)
        var fields = Self.sample(device.kind, now: now)
        switch reason {
        case .malformed:
            return (vendorTopic(device) ?? telemetry, broken(vendorSample(device) ?? envelope(now, seq, fields), &random), 1)
        case .notUTF8:
            return (telemetry, notUTF8(now, seq, device.kind, &random), 1)
        case .oversized:
            let size = limits.maxPayloadBytes + 1 + random.int(in: 0...2048)
            return (telemetry, padded(envelope(now, seq, fields), to: size), 1)
        case .tooDeep:
            return (telemetry, deep(now, seq, fields, depth: limits.maxDepth + 1 + random.int(in: 0...4)), 1)
        case .wrongType:
            let field = Self.numericField(device.kind)
            fields.set(field, .text(fields[field]?.description ?? "1"))
            return (telemetry, envelope(now, seq, fields), 1)
        case .outOfRange:
            let (field, value) = random.pick(Self.outOfRange(device.kind))
            fields.set(field, value)
            return (telemetry, envelope(now, seq, fields), 1)
        case .unknownValue:
            if device.model.format == .tuya {
                return ("zigbee2mqtt/" + device.id, Array(Self.tuyaSample.replacing("standing_still", with: "sideways").utf8), 1)
            }
            fields.set(device.kind == .fallRadar && random.chance(0.5) ? "posture" : "motion", .text(random.pick(["flying", "dancing"])))
            return (telemetry, envelope(now, seq, fields), 1)
        case .missingField:
            var writer = NativeEncoder.header(ts: now, seq: seq)
            writer.key("data")
            writer.object([])
            writer.close()
            return (NativeEncoder.topic(site: site, device: device, role: .event), writer.bytes, 1)
        case .noProfile:
            return ("care/" + site + "/" + device.kind.rawValue + "/" + device.id + "/diagnostics", envelope(now, seq, fields), 1)
        case .siteMismatch:
            return ("care/" + foreignSite + "/" + device.kind.rawValue + "/" + device.id + "/telemetry", envelope(now, seq, fields), 1)
        case .badTimestamp:
            let ts = random.pick([86_400_000 + random.int64(in: 0...Millis.day), now / 1000, now + 400 * Millis.day])
            return (telemetry, envelope(ts, seq, fields), 1)
        default:
            return (telemetry, envelope(now, seq, []), 1)
        }
    }

    private func envelope(_ ts: EpochMillis, _ seq: Int64, _ props: [SimulatedField]) -> [UInt8] {
        var writer = NativeEncoder.header(ts: ts, seq: seq)
        writer.key("props")
        writer.object(props)
        writer.close()
        return writer.bytes
    }

    /// Cut short (a strict prefix of an object is never complete JSON) or followed by garbage.
    private func broken(_ payload: [UInt8], _ random: inout SimulationRandom) -> [UInt8] {
        if random.chance(0.5) {
            return Array(payload.prefix(random.int(in: 1...(payload.count - 1))))
        }
        return payload + Array(random.pick(["}", "x", ",", "{}", "]"]).utf8)
    }

    /// A valid envelope except for one invalid UTF-8 sequence inside a string value.
    private func notUTF8(_ now: EpochMillis, _ seq: Int64, _ kind: DeviceKind, _ random: inout SimulationRandom) -> [UInt8] {
        let invalid: [[UInt8]] = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xC0, 0xAF]]
        let key = kind == .fallRadar ? "posture" : (kind == .vitalsRadar ? "motion" : "zone")
        var fields = Self.sample(kind, now: now)
        fields.set(key, .text("@"))
        var payload = envelope(now, seq, fields)
        let marker = payload.firstIndex(of: UInt8(ascii: "@"))!
        payload.replaceSubrange(marker...marker, with: random.pick(invalid))
        return payload
    }

    /// Adds a `pad` string member so the payload is exactly `size` bytes and still valid JSON.
    private func padded(_ payload: [UInt8], to size: Int) -> [UInt8] {
        let overhead = Array(",\"pad\":\"\"}".utf8).count
        var out = Array(payload.dropLast())
        out += Array(",\"pad\":\"".utf8)
        out += repeatElement(UInt8(ascii: "x"), count: max(0, size - payload.count - overhead + 1))
        out += Array("\"}".utf8)
        return out
    }

    /// Nests arrays under `props` until the whole document is `depth` levels deep.
    private func deep(_ now: EpochMillis, _ seq: Int64, _ fields: [SimulatedField], depth: Int) -> [UInt8] {
        var writer = NativeEncoder.header(ts: now, seq: seq)
        writer.key("props")
        var props = PayloadWriter()
        props.object(fields)
        var bytes = writer.bytes + props.bytes.dropLast()
        let arrays = depth - 2  // the envelope and `props` are the first two levels
        bytes += Array(",\"trace\":".utf8) + repeatElement(UInt8(ascii: "["), count: arrays)
        bytes += Array("1".utf8) + repeatElement(UInt8(ascii: "]"), count: arrays) + Array("}}".utf8)
        return bytes
    }

    private func vendorTopic(_ device: SimulatedDevice) -> String? {
        switch device.model.format {
        case .tuya: "zigbee2mqtt/" + device.id
        case .alink: "/sys/" + AlinkEncoder.productKey + "/" + device.id + "/thing/event/property/post"
        case .native, .esphome: nil
        }
    }

    private func vendorSample(_ device: SimulatedDevice) -> [UInt8]? {
        switch device.model.format {
        case .tuya: Array(Self.tuyaSample.utf8)
        case .alink: Array(Self.alinkSample.utf8)
        case .native, .esphome: nil
        }
    }

    static let tuyaSample =
        #"{"presence":true,"occupancy":true,"motion_speed":0,"motion_direction":"standing_still","fall_down_status":"none","illuminance":120,"radar_sensitivity":7,"tumble_switch":true,"fall_sensitivity":5,"tumble_alarm_time":2,"linkquality":87}"#
    static let alinkSample =
        #"{"id":"1042","version":"1.0","sys":{"ack":0},"params":{"HeartRate":{"value":72,"time":1795312800123},"InBed":{"value":1,"time":1795312800123}},"method":"thing.event.property.post"}"#
}
