import CareGateTestSupport
import GRDB
import Testing

@testable import CareGateStorage

/// The watermark of alert transitions published on the site's broker, which the upstream bridge
/// must not pass.
@Suite struct PublishedTransitionsTests {
    let directory = TemporaryDirectory("published")

    private func insert(_ control: ControlDatabase, _ seq: Int64, published: Bool) throws {
        try control.pool.write { db in
            try db.execute(
                sql: "INSERT INTO alert_transitions (gseq, alert_id, transition, at, body, published) VALUES (?, 'a-1', 'raised', 0, '{}', ?)",
                arguments: [seq, published])
        }
    }

    @Test func stopsBeforeTheFirstUnpublishedTransition() async throws {
        let control = try ControlDatabase(path: directory.file("alerts.sqlite"))
        let sync = SyncReader(buffer: try BufferDatabase(path: directory.file("buffer.sqlite")), control: control)
        #expect(try await sync.publishedAlertsThrough() == 0)
        try insert(control, 3, published: true)
        try insert(control, 7, published: true)
        #expect(try await sync.publishedAlertsThrough() == 7)

        // 12 is published before 9 (acknowledgements can come out of order): the mark stays at 8.
        try insert(control, 9, published: false)
        try insert(control, 12, published: true)
        #expect(try await sync.publishedAlertsThrough() == 8)
        try control.markPublished([9])
        #expect(try await sync.publishedAlertsThrough() == 12)

        try insert(control, 15, published: false)
        #expect(try await sync.publishedAlertsThrough() == 14)
    }
}
