import CareGateStorage
import CareGateTestSupport
import Foundation
import GRDB
import Testing

/// `alerts.sqlite` commits without waiting for the disk, and its WAL is flushed after every
/// commit; a cursor commit returns only once flushed.
@Suite struct WALFlusherTests {
    @Test func everyWriterCommitIsFollowedByAFlush() async throws {
        let directory = TemporaryDirectory("wal-flush")
        let control = try ControlDatabase(path: directory.file("alerts.sqlite"))
        let before = control.flusher.flushes
        try control.audit(actor: "test", action: "probe", subject: "s", detail: "d", at: 1)
        let deadline = ContinuousClock.now + .seconds(10)
        while control.flusher.flushes == before, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(1))
        }
        #expect(control.flusher.flushes > before)
        #expect(control.flusher.failures == 0)
    }

    @Test func readsDoNotAskForFlushes() async throws {
        let directory = TemporaryDirectory("wal-read")
        let control = try ControlDatabase(path: directory.file("alerts.sqlite"))
        control.flusher.flushNow()
        let before = control.flusher.flushes
        for _ in 0..<20 { _ = try control.auditTrail() }
        try await Task.sleep(for: .milliseconds(50))
        #expect(control.flusher.flushes == before)
    }

    @Test func commitsAreNotSynchronousFull() throws {
        let directory = TemporaryDirectory("wal-mode")
        let control = try ControlDatabase(path: directory.file("alerts.sqlite"))
        // 1 = NORMAL: the commit itself waits for no fsync; the flusher does it afterwards.
        let mode = try control.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(mode == 1)
    }

    @Test func aFlushWithoutAWALFileSucceeds() {
        let directory = TemporaryDirectory("wal-none")
        let flusher = WALFlusher(databasePath: directory.file("absent.sqlite"))
        #expect(flusher.flushNow())
        #expect(flusher.flushes == 0)
    }

    @Test func aCursorCommitReturnsFlushed() throws {
        let directory = TemporaryDirectory("wal-cursor")
        let control = try ControlDatabase(path: directory.file("alerts.sqlite"))
        try control.addConsumer(
            ConsumerRecord(name: "city", scopes: ["telemetry:read"], tokenSHA256: String(repeating: "0", count: 64), required: true, origin: .api, createdAt: 1),
            actor: "test")
        control.flusher.flushNow()
        let before = control.flusher.flushes
        #expect(try control.commitCursor(consumer: "city", stream: "telemetry", cursor: 5, at: 2) == .committed)
        #expect(control.flusher.flushes > before)
    }
}
