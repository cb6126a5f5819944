import CareGateCore
import CareGateMQTT
import CareGateTestSupport
import Foundation
import GRDB
import Testing

/// The foundation end to end: devices publish to a real broker, the real daemon decodes through
/// the shipped profiles and stores, quarantines, de-duplicates and registers.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct IngestTests {
    @Test func nativeAndVendorPayloadsAreStoredAndBadOnesQuarantinedWithTheirReason() async throws {
        let site = try await TestSite.start()
        let now = TestSite.now()
        // Native envelope.
        try site.telemetry("vitals-radar", "vr-1", seq: 1, ts: now, #""heart_rate":72.5,"resp_rate":16,"in_bed":true"#)
        try site.event("fall-radar", "fr-1", seq: 1, ts: now, "fall_suspected")
        // zigbee2mqtt (Tuya fall radar): one flat object, no ts, no seq.
        try site.publish("zigbee2mqtt/tuya-1", #"{"presence":true,"occupancy":true,"motion_speed":0,"motion_direction":"standing_still","fall_down_status":"none","illuminance":120,"radar_sensitivity":7,"tumble_switch":true,"fall_sensitivity":5,"tumble_alarm_time":2,"linkquality":87}"#)
        // Alibaba Alink thing model.
        try site.publish("/sys/a1CareGate01/alink-1/thing/event/property/post", #"{"id":"1042","version":"1.0","sys":{"ack":0},"params":{"HeartRate":{"value":64,"time":\#(now)},"RespiratoryRate":{"value":14,"time":\#(now)},"InBed":{"value":1,"time":\#(now)},"BodyMovement":{"value":3,"time":\#(now)}},"method":"thing.event.property.post"}"#)
        // ESPHome: one plain scalar per topic; num_targets is declared ignored.
        try site.publish("esp-1/sensor/heart_rate/state", "68.50")
        try site.publish("esp-1/sensor/num_targets/state", "1")
        // Bad input, one per reason.
        try site.publish("care/t1/vitals-radar/vr-1/telemetry", #"{"ts":1,"seq":"#)
        try site.telemetry("vitals-radar", "vr-1", seq: 2, ts: now, #""heart_rate":900"#)
        try site.telemetry("vitals-radar", "vr-1", seq: 3, ts: now, #""heart_rate":"fast""#)
        try site.publish("care/t1/toaster/t-1/telemetry", #"{"ts":1,"seq":1,"props":{}}"#)
        try site.publish("care/elsewhere/fall-radar/fr-9/telemetry", #"{"ts":\#(now),"seq":1,"props":{"presence":true}}"#)
        try site.devices.client.publish(topic: "care/t1/vitals-radar/vr-1/telemetry", payload: [0x7B, 0xFF, 0xFE, 0x7D])
        // A redelivery of seq 1.
        try site.telemetry("vitals-radar", "vr-1", seq: 1, ts: now, #""heart_rate":72.5,"resp_rate":16,"in_bed":true"#)

        let stored = try await site.waitForStored("all 13 messages accounted for") { stored in
            stored.rows == 5 && stored.quarantine.values.reduce(0, +) == 6 && stored.counters["duplicates"] == 1
                && stored.counters["ignored"] == 1
        }
        #expect(stored.telemetry == 4)
        #expect(stored.events == 1)
        #expect(stored.quarantine == [
            "malformed": 1, "out_of_range": 1, "wrong_type": 1, "no_profile": 1, "site_mismatch": 1, "not_utf8": 1,
        ])
        let props = try site.query("buffer.sqlite", "SELECT device_id, props FROM telemetry ORDER BY gseq")
            .map { "\($0["device_id"] as String) \($0["props"] as String)" }
        // Readings keep the profile's field order, whatever the payload's.
        #expect(props.contains(#"vr-1 {"in_bed":true,"heart_rate":72.5,"resp_rate":16}"#))
        #expect(props.contains(#"alink-1 {"heart_rate":64,"resp_rate":14,"in_bed":true,"body_movement":3}"#))
        #expect(props.contains(#"esp-1 {"heart_rate":68.5}"#))
        let quarantined = try site.query("buffer.sqlite", "SELECT topic, reason, length(payload) AS bytes FROM quarantine WHERE reason = 'not_utf8'")
        #expect(quarantined.first?["bytes"] == 4)

        // Devices not in the registry were registered as unassigned (saved in the background),
        // each with one operator notice.
        let expected: Set<String> = ["alink-1:unassigned", "esp-1:unassigned", "fr-1:unassigned", "tuya-1:unassigned", "vr-1:unassigned"]
        var devices: Set<String> = []
        var notices = 0
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            devices = Set(try site.query("alerts.sqlite", "SELECT device_id, assignment FROM devices")
                .map { "\($0["device_id"] as String):\($0["assignment"] as String)" })
            notices = try site.query("alerts.sqlite", "SELECT count(*) AS n FROM operator_notices WHERE kind = 'unassigned_device'").first?["n"] ?? 0
            if devices == expected && notices == 5 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(devices == expected)
        #expect(notices == 5)
        #expect(await site.shutdown().map(ChildProcess.exitCode) == 0)
    }

    @Test func strictModeQuarantinesUnknownDevices() async throws {
        let site = try await TestSite.start(
            config: "strict_devices: true\n",
            seed: """
                devices:
                  - id: vr-1
                    profile: caregate.vitals-radar
                    room: "101"
                """)
        try site.telemetry("vitals-radar", "vr-1", seq: 1, #""heart_rate":70"#)
        try site.telemetry("vitals-radar", "vr-2", seq: 1, #""heart_rate":70"#)
        let stored = try await site.waitForStored("one stored, one quarantined") { $0.rows == 1 && $0.quarantine["unknown_device"] == 1 }
        #expect(stored.telemetry == 1)
        let devices = try site.query("alerts.sqlite", "SELECT device_id FROM devices").map { $0["device_id"] as String }
        #expect(devices == ["vr-1"])
        await site.shutdown()
    }

    @Test func lastSeenAvailabilityAndBatteryAreTracked() async throws {
        let site = try await TestSite.start()
        try site.telemetry("wearable", "w-1", seq: 1, #""heart_rate":70,"battery":54"#)
        try site.publish("care/t1/wearable/w-1/availability", "offline", retain: true)
        _ = try await site.waitForStored("the telemetry") { $0.telemetry == 1 && $0.events == 1 }
        // Observations are flushed every 5 s, and on shutdown.
        await site.daemon.stop()
        let status = try #require(try site.query("alerts.sqlite", "SELECT * FROM device_status WHERE device_id = 'w-1'").first)
        #expect(status["battery"] == 54.0)
        #expect(status["online"] == false)
        #expect((status["last_seen"] as Int64?) ?? 0 > 0)
        await site.broker.stop()
        await site.devices.stop()
    }
}
