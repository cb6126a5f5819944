import CareGateCore
import CareGateTestSupport
import Foundation
import Testing

/// `caregate replay` run as a user runs it: the built binary on a capture file.
@Suite struct ReplayCommandTests {
    /// Two minutes of a heart rate of 135 bpm at 1 Hz, then normal: above the default 130 bpm
    /// threshold for more than 60 s.
    private func capture(in directory: TemporaryDirectory) throws -> String {
        let start: EpochMillis = 1_795_312_800_000
        var lines: [String] = []
        for second in 0..<180 {
            let at = start + EpochMillis(second) * 1000
            let rate = second < 120 ? 135 : 72
            let payload = #"{"ts":\#(at),"seq":\#(second + 1),"props":{"in_bed":true,"heart_rate":\#(rate),"resp_rate":15}}"#
            lines.append(String(format: "%.3f", Double(at) / 1000) + " care/t1/vitals-radar/vr-1/telemetry " + payload)
        }
        let path = directory.file("night.txt")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aRaisedThresholdWouldHaveAvoidedTheHighHeartRateAlert() async throws {
        let directory = TemporaryDirectory("replay")
        let path = try capture(in: directory)
        let (status, output) = try await ChildProcess.run(
            Binaries.cli,
            ["replay", "--capture", path, "--site", "t1", "--state-dir", directory.file("state"),
             "--devices-dir", Binaries.devicesDirectory, "--set", "heart_rate.high_above=140"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("replayed 180 messages"))
        let row = try #require(output.split(separator: "\n").first { $0.hasPrefix("heart_rate") && $0.contains("high") })
        let numbers = row.split(separator: " ").compactMap { Int($0) }
        #expect(numbers.prefix(2) == [1, 0], "\(output)")
    }

    @Test func anUnknownSettingIsRefusedByName() async throws {
        let directory = TemporaryDirectory("replay")
        let path = try capture(in: directory)
        let (status, output) = try await ChildProcess.run(
            Binaries.cli,
            ["replay", "--capture", path, "--site", "t1", "--state-dir", directory.file("state"),
             "--devices-dir", Binaries.devicesDirectory, "--set", "heart_rate.high_abov=140"])
        #expect(status != 0)
        #expect(output.contains("high_abov"))
    }
}
