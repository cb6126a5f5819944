import CareGateApp
import CareGateStorage
import Foundation
import Testing

/// The `retention:` section of the configuration file.
struct RetentionConfigurationTests {
    @Test func theShippedFileStatesTheDefaults() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../config/caregate.yaml").standardized.path
        let loaded = GatewayConfiguration.load(path: path)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.configuration.retention == GatewayConfiguration.Retention())
    }

    @Test func agesAndBudgetsAreRead() {
        let loaded = GatewayConfiguration.parse(file: "caregate.yaml", text: """
            retention:
              interval_s: 2
              telemetry: { max_age: 90s, max_mib: 0.5 }
              alerts:
                max_age: 12h
            """)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let retention = loaded.configuration.retention
        #expect(retention.intervalSeconds == 2)
        #expect(retention.limits[.telemetry] == RetentionLimits(maxAge: 90_000, maxBytes: 512 * 1024))
        #expect(retention.limits[.alerts] == RetentionLimits(maxAge: 12 * 3_600_000, maxBytes: 256 << 20))
        #expect(retention.limits[.events] == GatewayConfiguration.Retention().limits[.events])
    }

    @Test func everyProblemIsReportedAtItsLine() {
        let loaded = GatewayConfiguration.parse(file: "caregate.yaml", text: """
            retention:
              interval_s: 0
              telemetry: { max_age: 30 }
              events: { max_mib: -1 }
              usage: { max_age: 1d }
            """)
        #expect(loaded.problems.count == 4, "\(loaded.problems)")
        #expect(loaded.problems.contains { $0.hasPrefix("caregate.yaml:2:") })
        #expect(loaded.problems.contains { $0.hasPrefix("caregate.yaml:3:") && $0.contains("max_age") })
        #expect(loaded.problems.contains { $0.hasPrefix("caregate.yaml:4:") })
        #expect(loaded.problems.contains { $0.hasPrefix("caregate.yaml:5:") && $0.contains("usage") })
    }
}
