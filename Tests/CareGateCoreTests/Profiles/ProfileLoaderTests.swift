import CareGateCore
import Testing

@Suite struct ProfileLoaderTests {
    @Test func everyProblemIsReportedWithItsLine() {
        let text = """
            id: Bad Id
            kind: fall-radar
            keepalive_sec: 60
            usage:
              in_use: { metric: speed, above: 0.05 }
            topics:
              - topic: care/{site}/x/+/telemetry
                role: telemetry
              - topic: care/{site}/x/{deviceId}/telemetry
                role: telemetery
                fields:
                  - { path: props.hr, metric: heart_rate, type: numbr }
                  - { path: props..p, metric: posture, type: enum, values: [a, b], events: { c: fall } }
                  - { path: props.t, metric: temp, type: number, range: [45, 30] }
                  - { path: props.f, metric: fall, type: enum }
              - topic: care/{site}/x/{deviceId}/event
                role: event
              - topic: care/{site}/x/{deviceId}/availability
                role: availability
                payload: text
                online: [online]
            """
        let (profile, issues) = ProfileLoader.load(file: "Devices/x.yaml", text: text)
        #expect(profile == nil)
        #expect(issues.map(\.description) == [
            "Devices/x.yaml:3: unknown key 'keepalive_sec' (did you mean 'keepalive_s'?)",
            "Devices/x.yaml:1: id 'Bad Id' must be lowercase letters, digits, '.', '_' or '-'",
            "Devices/x.yaml:7: topic 'care/{site}/x/+/telemetry': level '+' must be plain text or one whole '{placeholder}' (no '+', '#', or partial braces)",
            "Devices/x.yaml:8: a telemetry topic needs 'fields'",
            "Devices/x.yaml:10: role 'telemetery' is not one of telemetry, event, state, availability, meter",
            "Devices/x.yaml:12: type 'numbr' is not one of number, integer, bool, enum, text",
            "Devices/x.yaml:13: path 'props..p' has an empty component (use 'a.b.0.c', '*' for any key)",
            "Devices/x.yaml:13: events: 'c' is not one of the field's values (a, b)",
            "Devices/x.yaml:14: range [45, 30] has its minimum above its maximum",
            "Devices/x.yaml:15: an enum field needs 'values: [...]' or 'map: { vendor: canonical }'",
            "Devices/x.yaml:17: a topic with 'role: event' needs 'event:' (where the event type is)",
            "Devices/x.yaml:18: missing key 'offline'",
            "Devices/x.yaml:5: metric 'speed' is not produced by any field of this profile",
        ])
    }

    @Test func defaultsApplyToAMinimalProfile() throws {
        let (profile, issues) = ProfileLoader.load(file: "m.yaml", text: """
            id: vendor.minimal
            kind: call-button
            topics:
              - topic: v/{deviceId}
                role: event
                event: { path: t, values: [sos] }
            """)
        #expect(issues.isEmpty)
        let loaded = try #require(profile)
        #expect(loaded.name == "vendor.minimal")
        #expect(loaded.keepaliveSeconds == ProfileLoader.defaultKeepaliveSeconds)
        #expect(!loaded.safetyCritical)
        #expect(loaded.topics.first?.payload == .json)
        #expect(loaded.usage == nil)
        #expect(loaded.eventTypes == ["sos"])
    }

    @Test func shippedUsageAndRuleDefaultsAreRead() throws {
        let (catalog, _) = try ShippedProfiles.load()
        let chair = try #require(catalog.profile(id: "caregate.wheelchair")?.usage)
        #expect(chair.inUse == .above(metric: "speed", threshold: 0.05))
        #expect(chair.distanceMetric == "odometer")
        #expect(chair.sessionStart == "session_start")
        #expect(catalog.profile(id: "caregate.care-bed")?.usage?.inUse == .equals(metric: "in_bed", value: .bool(true)))
        #expect(catalog.profile(id: "caregate.call-button")?.ruleDefaults == ["device_offline": ["medium_after_s": 86400]])
        #expect(catalog.profile(id: "caregate.call-button")?.keepaliveSeconds == 86400)
    }

    @Test func topicsNeedADeviceAndScalarKeysNeedKeyFrom() {
        let (_, issues) = ProfileLoader.load(file: "t.yaml", text: """
            id: t.t
            kind: t
            topics:
              - topic: v/{site}/up
                role: telemetry
                fields: [{ path: a, metric: a, type: number }]
              - topic: v/{deviceId}/{entity}
                role: telemetry
                payload: scalar
                key_from: entity
                fields: [{ path: a, metric: a, type: number }]
              - topic: v/{deviceId}/x
                role: telemetry
                payload: scalar
                key_from: nothing
                timestamp: { path: ts }
                fields: [{ key: a, metric: a, type: number }]
            """)
        #expect(issues.map(\.description) == [
            "t.yaml:4: the topic names no device: add a '{deviceId}' level or 'device: { path: ... }'",
            "t.yaml:11: 'path' needs 'payload: json'; scalar fields use 'key' (or neither)",
            "t.yaml:16: 'timestamp' needs 'payload: json'",
            "t.yaml:15: key_from 'nothing' is not a placeholder of the topic",
        ])
    }
}
