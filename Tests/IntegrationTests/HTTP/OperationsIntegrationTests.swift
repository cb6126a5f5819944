import CareGateTestSupport
import Foundation
import Testing

/// `/metrics` and `/health` of the real daemon.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct OperationsIntegrationTests {
    /// Parses the Prometheus text format: every sample line is `name{labels} value`; returns the
    /// sum of each metric's samples.
    static func samples(_ text: String) throws -> [String: Double] {
        var sums: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            #expect(parts.count == 2, "not a sample line: \(line)")
            let name = String(parts[0].prefix { $0 != "{" })
            #expect(name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }, "bad metric name in \(line)")
            let value = try #require(Double(parts[1]), "bad value in \(line)")
            sums[name, default: 0] += value
        }
        return sums
    }

    @Test func metricsAreOpenOnLoopbackAndCountersMoveWithTraffic() async throws {
        let site = try await TestSite.start()
        let anonymous = try site.api(nil)
        let before = try await anonymous.send("GET", "/metrics")
        #expect(before.status == 200)
        #expect(before.headers["content-type"]?.hasPrefix("text/plain") == true)
        let start = try Self.samples(before.text)
        for seq in Int64(1)...20 { try site.telemetry("fall-radar", "fr-1", seq: seq, #""presence":true"#) }
        _ = try await site.waitForStored("20 readings") { $0.telemetry >= 20 }
        let after = try Self.samples(try await anonymous.send("GET", "/metrics").text)
        #expect((after["caregate_messages_received_total"] ?? 0) - (start["caregate_messages_received_total"] ?? 0) >= 20)
        #expect((after["caregate_messages_accepted_total"] ?? 0) - (start["caregate_messages_accepted_total"] ?? 0) >= 20)
        #expect((after["caregate_buffer_rows_written_total"] ?? 0) >= 20)
        await site.shutdown()
    }

    @Test func healthTurnsNotReadyWhenTheBrokerStopsAndReadyWhenItReturns() async throws {
        let site = try await TestSite.start()
        let anonymous = try site.api(nil)
        let healthy = try await anonymous.send("GET", "/health")
        #expect(healthy.status == 200)
        #expect(healthy.json?["status"] as? String == "ok")

        await site.broker.stop()
        var report: [String: Any] = [:]
        try await TestSite.eventually(timeout: .seconds(20), "/health to report the broker") {
            let response = try await anonymous.send("GET", "/health")
            report = response.json ?? [:]
            return response.status == 503
        }
        #expect(report["ready"] as? Bool == false)
        #expect(report["live"] as? Bool == true)
        #expect(report["status"] as? String == "degraded")
        #expect((report["reasons"] as? [String])?.contains { $0.contains("broker") } == true)

        try await site.broker.restart()
        try await TestSite.eventually(timeout: .seconds(20), "/health to recover") {
            try await anonymous.send("GET", "/health").status == 200
        }
        await site.shutdown()
    }
}
