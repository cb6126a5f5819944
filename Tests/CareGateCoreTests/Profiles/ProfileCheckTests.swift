import CareGateCore
import Foundation
import Testing

@Suite struct ProfileCheckTests {
    private func shipped(_ id: String) throws -> String {
        try String(contentsOf: ShippedProfiles.devicesDirectory.appendingPathComponent(id + ".yaml"), encoding: .utf8)
    }

    @Test func validProfileWithASampleRendersReadingsAndEvents() throws {
        let report = ProfileCheck.run(
            file: "tuya.mir-he200-ty.yaml", text: try shipped("tuya.mir-he200-ty"),
            sample: .init(topic: "zigbee2mqtt/0xa4c1", payload: Array(#"{"presence":true,"fall_down_status":"fall"}"#.utf8)),
            receivedAt: 1_795_312_800_500)
        #expect(report.passed)
        #expect(report.issues.isEmpty)
        let lines = report.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("tuya.mir-he200-ty.yaml: OK: profile tuya.mir-he200-ty") == true)
        for expected in [
            "topic       zigbee2mqtt/0xa4c1",
            "device      0xa4c1",
            "role        telemetry",
            "time        1795312800500 (2026-11-22T02:00:00.500Z, receipt time: the payload has none)",
            "seq         none",
            "  presence = true",
            "  fall_state = fall",
            "  fall (derived from fall_state)",
        ] {
            #expect(lines.contains(expected), "\(expected)\n\(report.text)")
        }
    }

    @Test func anySiteIsAcceptedAndQuarantineIsExplained() throws {
        let report = ProfileCheck.run(
            file: "v.yaml", text: try shipped("caregate.vitals-radar"),
            sample: .init(topic: "care/any-site/vitals-radar/v1/telemetry",
                          payload: Array(#"{"ts":1795312800123,"seq":5,"props":{"heart_rate":300}}"#.utf8)),
            receivedAt: 1_795_312_800_500)
        #expect(!report.passed)
        #expect(report.outcome?.reason == .outOfRange)
        #expect(report.text.contains("quarantined out_of_range: 'props.heart_rate' = 300 is outside 0...250"))
        #expect(report.text.contains("device      v1"))
    }

    @Test func brokenProfilePrintsEveryIssueAndFails() {
        let report = ProfileCheck.run(
            file: "Devices/broken.yaml", text: "id: broken\nkind: test\ncolour: red\n",
            sample: .init(topic: "a/b", payload: Array("1".utf8)), receivedAt: 0)
        #expect(!report.passed)
        #expect(report.profile == nil)
        #expect(report.text == """
            Devices/broken.yaml:3: unknown key 'colour'
            Devices/broken.yaml:1: missing key 'topics'
            Devices/broken.yaml: the sample payload was not decoded: fix the profile first

            """)
    }

    @Test func validProfileWithoutSamplePasses() throws {
        let report = ProfileCheck.run(file: "hoist.yaml", text: try shipped("caregate.hoist"), receivedAt: 0)
        #expect(report.passed)
        #expect(report.text.hasPrefix("hoist.yaml: OK: profile caregate.hoist (CareGate native hoist), kind hoist, 5 topics"))
    }

    /// The worked example in Devices/README.md is a valid profile that decodes as the page shows.
    @Test func readmeWorkedExampleIsTrue() throws {
        let readme = try String(contentsOf: ShippedProfiles.devicesDirectory.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```yaml\n# ACME BedPad"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let profile = String(readme[readme.index(start.lowerBound, offsetBy: 8)..<end.lowerBound])
        let report = ProfileCheck.run(
            file: "acme.bedpad-200.yaml", text: profile,
            sample: .init(topic: "acme/home-1/bedpad/pad-3/data",
                          payload: Array(#"{"time":1795312800,"n":17,"occupied":"no","vitals":{"hr":0,"rr":0},"rssi":-70}"#.utf8)),
            receivedAt: 1_795_312_800_500)
        #expect(report.passed, "\(report.text)")
        let shown = report.text.split(separator: "\n").dropFirst().joined(separator: "\n")
        #expect(readme.contains(shown), "\(shown)")
    }
}
