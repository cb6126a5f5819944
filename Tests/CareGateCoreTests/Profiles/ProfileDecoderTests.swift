import CareGateCore
import Testing

@Suite struct ProfileDecoderTests {
    let vitals = profileYAML(
        topicExtra: "timestamp: { path: ts, unit: ms }\nsequence: { path: seq }",
        fields: [
            "{ path: props.heart_rate, metric: heart_rate, type: number, range: [0, 250] }",
            "{ path: props.posture, metric: posture, type: enum, values: [lying, standing] }",
            "{ path: props.worn, metric: worn, type: bool, events: { false: removed } }",
        ])

    private func decoder(_ texts: String..., site: String = "home-1", limits: DecodeLimits = .standard) throws
        -> ProfileDecoder
    {
        let (catalog, issues) = ProfileCatalog.load(files: texts.enumerated().map { ("p\($0.offset).yaml", $0.element) })
        try #require(issues.isEmpty, "\(issues)")
        return catalog.makeDecoder(site: site, limits: limits)
    }

    private let topic = "care/home-1/test/dev-1/telemetry"

    @Test func decodesReadingsTimestampAndSequence() throws {
        var decoder = try decoder(vitals)
        let outcome = decoder.decode(topic, #"{"ts":1795312800123,"seq":42,"props":{"heart_rate":72,"posture":"lying"}}"#)
        let message = try #require(outcome.message)
        #expect(message.deviceId == "dev-1")
        #expect(message.profileId == "test.device")
        #expect(message.kind == "test")
        #expect(message.sourceTs == 1_795_312_800_123)
        #expect(!message.stampedByGateway)
        #expect(message.seq == 42)
        #expect(message.readings == [Reading("heart_rate", .number(72)), Reading("posture", .text("lying"))])
        #expect(message.events.isEmpty)
    }

    @Test func boolEdgeEventsAreDerivedFromTheMetric() throws {
        var decoder = try decoder(vitals)
        let message = try #require(decoder.decode(topic, #"{"props":{"worn":false}}"#).message)
        #expect(message.readings == [Reading("worn", .bool(false))])
        #expect(message.events == [DeviceEvent(type: "removed", derivedFrom: "worn")])
        let worn = try #require(decoder.decode(topic, #"{"props":{"worn":true}}"#).message)
        #expect(worn.events.isEmpty)
    }

    @Test func nullIsAbsentAndExtraKeysAreIgnored() throws {
        var decoder = try decoder(vitals)
        let message = try #require(decoder.decode(topic, #"{"props":{"heart_rate":null,"posture":"standing","fw":"1.0"}}"#).message)
        #expect(message.readings == [Reading("posture", .text("standing"))])
    }

    @Test func everyDecoderReasonCode() throws {
        var decoder = try decoder(vitals, limits: DecodeLimits(maxPayloadBytes: 200, maxDepth: 4))
        let cases: [(String, String, QuarantineReason)] = [
            ("care/home-1/other/dev-1/telemetry", #"{"props":{}}"#, .noProfile),
            ("care/home-2/test/dev-1/telemetry", #"{"props":{"heart_rate":1}}"#, .siteMismatch),
            (topic, #"{"props":{"heart_rate":1},"pad":""# + String(repeating: "x", count: 200) + #""}"#, .oversized),
            (topic, #"{"props":{"heart_rate":72}"#, .malformed),
            (topic, #"{"props":{"heart_rate":72,"a":{"b":{"c":{}}}}}"#, .tooDeep),
            (topic, #"{"props":{"heart_rate":"72"}}"#, .wrongType),
            (topic, #"{"props":{"heart_rate":251}}"#, .outOfRange),
            (topic, #"{"props":{"posture":"hopping"}}"#, .unknownValue),
            (topic, #"{"props":{"firmware":"2.1"}}"#, .empty),
            (topic, #"{"ts":946684799999,"props":{"heart_rate":60}}"#, .badTimestamp),
            (topic, #"{"ts":1795399200501,"props":{"heart_rate":60}}"#, .badTimestamp),
            (topic, #"{"ts":"soon","props":{"heart_rate":60}}"#, .badTimestamp),
            (topic, #"{"seq":"x1","props":{"heart_rate":60}}"#, .wrongType),
            (topic, #"{"seq":1.5,"props":{"heart_rate":60}}"#, .wrongType),
        ]
        for (topic, payload, reason) in cases {
            let outcome = decoder.decode(topic, payload)
            #expect(outcome.reason == reason, "\(payload) → \(outcome)")
        }
        let invalid = [UInt8](#"{"props":{"posture":""#.utf8) + [0xC3, 0x28] + [UInt8](#""}}"#.utf8)
        let outcome = invalid.withUnsafeBytes {
            decoder.decode(topic: topic, payload: $0, qos: 0, retained: false, receivedAt: 1_795_312_800_500,
                           registeredProfile: { _ in nil })
        }
        #expect(outcome.reason == .notUTF8)
        #expect(outcome.deviceId == "dev-1")
        #expect(outcome.profileId == "test.device")
    }

    @Test func timestampAt24HoursAheadIsAccepted() throws {
        var decoder = try decoder(vitals)
        let message = try #require(decoder.decode(topic, #"{"ts":1795399200500,"props":{"heart_rate":60}}"#).message)
        #expect(message.sourceTs == 1_795_399_200_500)
    }

    @Test func missingFieldForDeviceIdAndEventType() throws {
        var decoder = try decoder(
            """
            id: payload.device
            kind: test
            topics:
              - topic: vendor/{site}/up
                role: telemetry
                device: { path: meta.sn }
                fields: [{ path: hr, metric: heart_rate, type: number }]
              - topic: vendor/{site}/alarm
                role: event
                device: { path: meta.sn }
                event: { path: kind, map: { FALL: fall } }
            """)
        let message = try #require(decoder.decode("vendor/home-1/up", #"{"meta":{"sn":"SN-77"},"hr":61}"#).message)
        #expect(message.deviceId == "SN-77")
        let numeric = try #require(decoder.decode("vendor/home-1/up", #"{"meta":{"sn":1234},"hr":61}"#).message)
        #expect(numeric.deviceId == "1234")
        #expect(decoder.decode("vendor/home-1/up", #"{"hr":61}"#).reason == .missingField)
        #expect(decoder.decode("vendor/home-1/up", #"{"meta":{"sn":[1]},"hr":61}"#).reason == .wrongType)
        #expect(decoder.decode("vendor/home-1/alarm", #"{"meta":{"sn":"SN-77"}}"#).reason == .missingField)
        let event = try #require(decoder.decode("vendor/home-1/alarm", #"{"meta":{"sn":"SN-77"},"kind":"FALL"}"#).message)
        #expect(event.events == [DeviceEvent(type: "fall")])
        #expect(event.stampedByGateway)
    }

    @Test func conversionsScaleAndLenientNumbers() throws {
        var decoder = try decoder(profileYAML(fields: [
            "{ path: temp_f, metric: body_temp, type: number, convert: fahrenheit_to_celsius, range: [30, 45] }",
            "{ path: v_mv, metric: battery_v, type: number, scale: 0.001 }",
            "{ path: steps, metric: steps, type: integer, lenient: true }",
        ]))
        let message = try #require(decoder.decode(topic, #"{"temp_f":98.6,"v_mv":12500,"steps":"4021"}"#).message)
        #expect(abs((message.readings["body_temp"]?.number ?? 0) - 37) < 1e-9)
        #expect(message.readings["battery_v"] == .number(12.5))
        #expect(message.readings["steps"] == .number(4021))
        // Numeric strings only where the field says `lenient: true`.
        #expect(decoder.decode(topic, #"{"v_mv":"12500"}"#).reason == .wrongType)
        #expect(decoder.decode(topic, #"{"steps":"40.5"}"#).reason == .wrongType)
        #expect(decoder.decode(topic, #"{"temp_f":212}"#).reason == .outOfRange)
    }

    @Test func timestampUnits() throws {
        var seconds = try decoder(profileYAML(topicExtra: "timestamp: { path: t, unit: s }", fields: [
            "{ path: hr, metric: heart_rate, type: number }",
        ]))
        #expect(seconds.decode(topic, #"{"t":1795312800.5,"hr":1}"#).message?.sourceTs == 1_795_312_800_500)
        var iso = try decoder(profileYAML(topicExtra: "timestamp: { path: t, unit: iso8601 }", fields: [
            "{ path: hr, metric: heart_rate, type: number }",
        ]))
        #expect(iso.decode(topic, #"{"t":"2026-11-22T10:00:00.123+08:00","hr":1}"#).message?.sourceTs == 1_795_312_800_123)
        #expect(iso.decode(topic, #"{"t":"2026-11-22T02:00:00Z","hr":1}"#).message?.sourceTs == 1_795_312_800_000)
        #expect(iso.decode(topic, #"{"t":"2026-11-22 02:00:00","hr":1}"#).message?.sourceTs == 1_795_312_800_000)
        #expect(iso.decode(topic, #"{"t":"22/11/2026","hr":1}"#).reason == .badTimestamp)
        #expect(iso.decode(topic, #"{"t":1795312800,"hr":1}"#).reason == .wrongType)
    }

    @Test func wildcardPathsFindTheFirstPresentValue() throws {
        var decoder = try decoder(profileYAML(topicExtra: "timestamp: { path: params.*.time }", fields: [
            "{ path: params.B.value, metric: b, type: number }",
        ]))
        let message = try #require(decoder.decode(topic, #"{"params":{"A":{"value":1},"B":{"value":2,"time":1795312800999}}}"#).message)
        #expect(message.sourceTs == 1_795_312_800_999)
        #expect(message.readings == [Reading("b", .number(2))])
    }

    @Test func ignoredKeysAndEventTypes() throws {
        var decoder = try decoder(
            """
            id: test.ignore
            kind: test
            ignore: [linkquality, heartbeat]
            topics:
              - topic: z/{deviceId}
                role: telemetry
                fields: [{ path: presence, metric: presence, type: bool }]
              - topic: z/{deviceId}/event
                role: event
                event: { path: type, values: [fall] }
            """)
        #expect(decoder.decode("z/d1", #"{"linkquality":80}"#).isIgnored)
        #expect(decoder.decode("z/d1", #"{"status":{"linkquality":80}}"#).isIgnored)
        #expect(decoder.decode("z/d1", #"{"battery":80}"#).reason == .empty)
        #expect(decoder.decode("z/d1/event", #"{"type":"heartbeat"}"#).isIgnored)
        #expect(decoder.decode("z/d1/event", #"{"type":"reboot"}"#).reason == .unknownValue)
    }

    @Test func jsonAvailabilityNeedsAListedState() throws {
        let (catalog, _) = try ShippedProfiles.load()
        var decoder = catalog.makeDecoder(site: "home-1")
        #expect(decoder.decode("zigbee2mqtt/0x01/availability", #"{"state":"rebooting"}"#).reason == .unknownValue)
        #expect(decoder.decode("zigbee2mqtt/0x01/availability", #"{"other":1}"#).reason == .missingField)
        #expect(decoder.decode("care/home-1/fall-radar/r1/availability", "maybe").reason == .unknownValue)
        #expect(decoder.decode("care/home-1/fall-radar/r1/availability", " online\n").message?.online == true)
    }

    @Test func topicLevelsSplitAtEverySlashOnly() throws {
        var decoder = try decoder(
            """
            id: test.levels
            kind: test
            topics:
              - topic: a.b/{x}/{deviceId}//tail.end/{k}
                role: telemetry
                payload: text
                key_from: k
                fields: [{ key: v, metric: v, type: text }]
            """)
        // Eight-byte words with slashes next to '.', empty levels and a long final level.
        let message = try #require(decoder.decode("a.b/./dev-with-a-long-name//tail.end/v", "hello").message)
        #expect(message.deviceId == "dev-with-a-long-name")
        #expect(message.readings == [Reading("v", .text("hello"))])
        #expect(decoder.decode("a.b/./dev//tail.end/v/extra", "x").reason == .noProfile)
        #expect(decoder.decode("a.b/./dev/tail.end/v", "x").reason == .noProfile)
    }
}
