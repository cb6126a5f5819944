import CareGateCore
import CareGateSimulation
import Testing

@Suite struct RateTests {
    /// Messages per device and role over `minutes` of simulated time.
    func counts(start: EpochMillis, minutes: Int64 = 60, rateScale: Double = 1) throws -> [String: [MessageRole: Int]] {
        let plan = Fixtures.plan(start: start, length: .duration(minutes * Fixtures.minute), rateScale: rateScale)
        var counts: [String: [MessageRole: Int]] = [:]
        for message in try Fixtures.run(Fixtures.everyModel(), plan) {
            guard let id = message.deviceId, let role = message.role else { continue }
            counts[id, default: [:]][role, default: 0] += 1
        }
        return counts
    }

    @Test func nightRatesMatchTheDevices() throws {
        let night = try counts(start: Fixtures.night)
        func telemetry(_ id: String) -> Int { night[id]?[.telemetry] ?? 0 }
        #expect((3_594...3_601).contains(telemetry("vr-0001")), "vitals radar: 1 Hz in bed")
        #expect((3_594...3_601).contains(telemetry("fr-0001")), "bedroom radar over a sleeper: 1 Hz")
        #expect((718...722).contains(telemetry("alink-0001")), "Alink radar: every 5 s")
        #expect((58...62).contains(telemetry("tuya-0001")), "empty bathroom, zigbee: every minute")
        #expect((60...66).contains(telemetry("bed-0001")), "care bed: every minute plus turnovers")
        #expect((12...13).contains(telemetry("w-0001")), "wearable: every 5 minutes")
        #expect(telemetry("cb-0001") == 1, "pendant: at power-on, then every 24 h")
        #expect((59...62).contains(telemetry("wc-0001")), "parked wheelchair: every minute")
        #expect((12...13).contains(telemetry("ho-0001")) && (15...16).contains(telemetry("rr-0001")))
        // ESPHome: heart rate, breath rate, distance and has_target every 2 s in bed.
        #expect((7_190...7_210).contains(telemetry("esp-0001")))
        for id in ["fr-0001", "vr-0001", "bed-0001", "w-0001", "cb-0001", "wc-0001", "ho-0001", "rr-0001"] {
            #expect(night[id]?[.state] == 4, "\(id): snapshot at power-on and every 15 minutes")
            #expect(night[id]?[.availability] == 1, "\(id)")
        }
        for id in ["bed-0001", "w-0001", "wc-0001", "ho-0001", "rr-0001"] {
            #expect(night[id]?[.meter] == 1, "\(id): meter at power-on, then hourly")
        }
        #expect(night["fr-0001"]?[.meter] == nil && night["esp-0001"]?[.state] == nil)
    }

    @Test func daytimeBringsTripsAndSessions() throws {
        let day = try counts(start: Fixtures.morning, minutes: 4 * 60)
        let wheelchair = day["wc-0001"] ?? [:]
        #expect((wheelchair[.telemetry] ?? 0) > 4 * 60 + 100, "1 Hz while moving on top of 1/min parked")
        #expect((wheelchair[.event] ?? 0) >= 2, "trips start and end")
        #expect(wheelchair[.meter] == 4, "hourly meter")
        #expect((day["vr-0001"]?[.telemetry] ?? 0) < 4 * 3_600 / 2, "mostly out of bed in the day")
    }

    @Test func rateScaleMultipliesPeriodicRates() throws {
        let scaled = try counts(start: Fixtures.night, minutes: 7, rateScale: 10)
        // Devices power on within the first 5 s, so a 100 ms period loses up to 50 reports.
        #expect((4_150...4_200).contains(scaled["vr-0001"]?[.telemetry] ?? 0))
        #expect((14...15).contains(scaled["w-0001"]?[.telemetry] ?? 0))
        #expect(scaled["wc-0001"]?[.meter] == 2, "hourly / 10: at power-on and 6 minutes later")
    }
}
