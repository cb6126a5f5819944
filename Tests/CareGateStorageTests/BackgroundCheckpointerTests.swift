import CareGateStorage
import CareGateTestSupport
import Foundation
import GRDB
import Testing

/// `alerts.sqlite`'s writer never checkpoints; the background checkpointer keeps its WAL bounded.
@Suite struct BackgroundCheckpointerTests {
    @Test func theWriterConnectionDoesNotCheckpoint() throws {
        let directory = TemporaryDirectory("ckpt-off")
        let control = try ControlDatabase(path: directory.file("alerts.sqlite"))
        let pages = try control.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(pages == 0)
    }

    @Test func theWALStaysBoundedUnderSteadyCommits() throws {
        let directory = TemporaryDirectory("ckpt-bounded")
        let path = directory.file("alerts.sqlite")
        let control = try ControlDatabase(path: path)
        let detail = String(repeating: "x", count: 4_000)
        var largestWAL: Int64 = 0
        // 40 MB of commits, ten times the checkpoint threshold.
        for index in 0..<10_000 {
            try control.audit(actor: "test", action: "probe", subject: "s\(index)", detail: detail, at: Int64(index))
            if index % 100 == 0 {
                control.flusher.flushNow()
                let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int64) ?? nil
                largestWAL = max(largestWAL, size ?? 0)
            }
        }
        #expect(control.checkpointer.checkpoints > 0)
        #expect(largestWAL < 16 << 20, "WAL grew to \(largestWAL) bytes")
        let rows = try control.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit") }
        #expect(rows == 10_000)
    }
}
