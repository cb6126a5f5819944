import CareGateTestSupport
import Foundation
import Synchronization
import Testing

/// `systemctl stop` (SIGTERM) in the middle of QoS 1 traffic: the gateway stops intake first,
/// stores everything it took, and the broker keeps the rest in the persistent session until the
/// gateway returns. Every message ends up stored exactly once.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct GracefulStopTests {
    @Test func sigtermUnderQoS1LoadLosesNothingAndStoresNothingTwice() async throws {
        let site = try await TestSite.start()
        let total: Int64 = 4000
        let published = Atomic<Int64>(0)
        // Paced (about 2,000 msg/s) so that the stop falls in the middle of the stream.
        let publisher = Task {
            for seq in Int64(1)...total {
                try site.telemetry("vitals-radar", "vr-1", seq: seq, #""heart_rate":\#(60 + seq % 30)"#)
                published.store(seq, ordering: .relaxed)
                if seq % 20 == 0 { try await Task.sleep(for: .milliseconds(10)) }
            }
        }
        _ = try await site.waitForStored("a first part of the load") { $0.telemetry >= 500 }
        let status = await site.daemon.stop(timeout: .seconds(90))
        let publishedAtStop = published.load(ordering: .relaxed)
        #expect(status.map(ChildProcess.exitCode) == 0)
        let storedAtStop = try site.stored().telemetry
        // The stop really fell inside the load.
        #expect(publishedAtStop < total, "the publisher had finished before SIGTERM")

        try await publisher.value
        try await site.daemon.start()
        let stored = try await site.waitForStored(timeout: .seconds(60), "all \(total)") { $0.telemetry == Int(total) }
        let row = try #require(
            try site.query("buffer.sqlite", "SELECT count(DISTINCT seq) AS distinct_n, count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM telemetry").first)
        let distinct: Int = row["distinct_n"], rows: Int = row["n"], lowest: Int64 = row["lo"], highest: Int64 = row["hi"]
        #expect(rows == Int(total) && distinct == Int(total))
        #expect(lowest == 1 && highest == total)
        print(
            "SIGTERM under QoS 1 load: \(publishedAtStop) published and \(storedAtStop) stored at the stop, "
                + "\(stored.telemetry) of \(total) stored after the restart, "
                + "\(stored.counters["duplicates", default: 0]) redeliveries recognised")
        await site.shutdown()
    }
}
