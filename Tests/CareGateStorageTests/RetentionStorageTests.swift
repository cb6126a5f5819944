import CareGateCore
import CareGateTestSupport
import Foundation
import GRDB
import Testing

@testable import CareGateStorage

/// Retention over real SQLite files: rollups before purge, required consumers' cursors, budgets
/// that force drops, alerts that wait, and files that shrink.
@Suite struct RetentionStorageTests {
    let directory = TemporaryDirectory("retention")
    static let start: EpochMillis = 1_795_312_800_000
    static let hour: EpochMillis = 3_600_000
    static let readers: [String: Set<String>] = [
        "telemetry": ["telemetry:read", "admin"], "events": ["events:read", "admin"], "alerts": ["alerts:read", "admin"],
    ]

    /// `count` readings of one device, one a second from `start`, with a padded note so rows
    /// have some size.
    private func ingest(_ buffer: BufferDatabase, _ sequence: GatewaySequence, count: Int, device: String = "vr-1") throws {
        var batch = BufferBatch(through: JournalPosition(segment: 1, offset: 0))
        for index in 0..<count {
            let ts = Self.start + EpochMillis(index) * 1000
            batch.messages.append(DeviceMessage(
                deviceId: device, profileId: "caregate.vitals-radar", kind: .vitalsRadar, role: .telemetry,
                topic: "care/h1/vitals-radar/\(device)/telemetry", sourceTs: ts, stampedByGateway: false,
                seq: Int64(index + 1), receivedAt: ts + 100, retained: false, qos: 1,
                readings: [
                    Reading("heart_rate", .number(Double(60 + index % 30))), Reading("in_bed", .bool(true)),
                    Reading("zone", .text(String(repeating: "z", count: 100))),
                ],
                events: []))
        }
        try buffer.write(batch, sequence: sequence)
    }

    private func open() throws -> (BufferDatabase, ControlDatabase, GatewaySequence) {
        let buffer = try BufferDatabase(path: directory.file("buffer.sqlite"))
        let control = try ControlDatabase(path: directory.file("alerts.sqlite"))
        return (buffer, control, GatewaySequence(after: try buffer.highestSequence()))
    }

    private func addRequired(_ control: ControlDatabase, scopes: [String], token: String = "aa") throws {
        try control.addConsumer(
            ConsumerRecord(
                name: "platform", scopes: scopes, tokenSHA256: String(repeating: token, count: 32), required: true, origin: .api,
                createdAt: Self.start),
            actor: "test")
    }

    private func telemetrySeqs(_ buffer: BufferDatabase) throws -> [Int64] {
        try buffer.pool.read { try Int64.fetchAll($0, sql: "SELECT gseq FROM telemetry ORDER BY gseq") }
    }

    @Test func rollupsSummariseNumericReadingsPerMinuteAndMergeLateOnes() throws {
        let (buffer, _, sequence) = try open()
        try ingest(buffer, sequence, count: 90)
        #expect(try buffer.rollUp() == 90)
        #expect(try buffer.rollUp() == 0)
        let rollups = try buffer.rollups(deviceId: "vr-1", from: Self.start, to: Self.start + Self.hour)
        // heart_rate only: the bool and the string are not rolled up.
        #expect(rollups.map(\.metric) == ["heart_rate", "heart_rate"])
        #expect(rollups[0].minute == Self.start && rollups[0].count == 60)
        #expect(rollups[0].min == 60 && rollups[0].max == 89 && rollups[0].last == 89)
        #expect(abs(rollups[0].mean - 74.5) < 1e-9)
        #expect(rollups[1].count == 30 && rollups[1].last == 89)

        // A late reading for the first minute (older than its latest) updates the stored row.
        try ingest(buffer, sequence, count: 1)
        try buffer.rollUp()
        let merged = try #require(try buffer.rollups(deviceId: "vr-1", metric: "heart_rate", from: Self.start, to: Self.start + 60_000).first)
        #expect(merged.count == 61 && merged.min == 60 && merged.last == 89 && merged.lastTs == Self.start + 59_000)
        #expect(try buffer.rolledUpThrough() == sequence.current)
    }

    @Test func agedTelemetryWaitsForTheRequiredConsumerAndKeepsItsRollups() throws {
        let (buffer, control, sequence) = try open()
        try addRequired(control, scopes: ["telemetry:read"])
        try ingest(buffer, sequence, count: 100)
        let policy = RetentionPolicy(limits: [.telemetry: RetentionLimits(maxAge: Self.hour)])
        let runner = RetentionRunner(buffer: buffer, control: control, policy: policy, readers: Self.readers)
        let later = Self.start + 2 * Self.hour

        // Nothing committed: everything is past its age, nothing goes.
        var report = try runner.run(now: later)
        #expect(report.purged == [])
        #expect(try telemetrySeqs(buffer).count == 100)

        let seqs = try telemetrySeqs(buffer)
        try #require(seqs.count == 100)
        _ = try control.commitCursor(consumer: "platform", stream: "telemetry", cursor: seqs[39], at: later)
        report = try runner.run(now: later)
        #expect(report.purged == [PurgeStep(.telemetry, .age, rows: 40)])
        #expect(try telemetrySeqs(buffer) == Array(seqs[40...]))
        #expect(try buffer.retentionCounters() == ["retention.telemetry.age": 40])
        // The purged minute is still summarised.
        #expect(try buffer.rollups(deviceId: "vr-1", from: Self.start, to: Self.start + 60_000).first?.count == 60)
    }

    @Test func aBudgetDropsTheOldestUncommittedTelemetryCountsItAndShrinksTheFile() throws {
        let (buffer, control, sequence) = try open()
        try addRequired(control, scopes: ["telemetry:read"])
        try ingest(buffer, sequence, count: 3000)
        let seqs = try telemetrySeqs(buffer)
        let budget: Int64 = 64 * 1024
        let policy = RetentionPolicy(limits: [.telemetry: RetentionLimits(maxAge: 24 * Self.hour, maxBytes: budget)])
        let runner = RetentionRunner(buffer: buffer, control: control, policy: policy, readers: Self.readers)

        let report = try runner.run(now: Self.start + Self.hour)
        #expect(report.forced > 2000)
        #expect(report.purged.map(\.reason) == [.budgetForced])
        let kept = try telemetrySeqs(buffer)
        #expect(kept == Array(seqs.suffix(kept.count)))
        #expect(try buffer.retentionCounters() == ["retention.telemetry.budget_forced": Int64(report.forced)])
        let after = try buffer.survey(horizons: [:], cutoffs: [:])[.telemetry]!
        #expect(after.bytes <= budget + 16_384)
        #expect(try buffer.pool.read { try Int.fetchOne($0, sql: "PRAGMA freelist_count") } == 0)
        #expect(fileSize(directory.file("buffer.sqlite-wal")) == 0)
    }

    @Test func alertsGoOnlyWhenClosedAndCommittedWhateverTheBudget() throws {
        let (buffer, control, _) = try open()
        try addRequired(control, scopes: ["alerts:read"])
        try control.pool.write { db in
            for (id, open) in [("a-closed", 0), ("a-open", 1)] {
                try db.execute(
                    sql: "INSERT INTO alerts (id, open, rule, severity, raised_at, updated_at, snapshot) VALUES (?, ?, 'fall', 'high', ?, ?, '{}')",
                    arguments: [id, open, Self.start, Self.start])
            }
            for gseq in 1...6 {
                try db.execute(
                    sql: "INSERT INTO alert_transitions (gseq, alert_id, transition, at, body, published) VALUES (?, ?, 'raised', ?, '{}', 1)",
                    arguments: [gseq, gseq % 2 == 0 ? "a-open" : "a-closed", Self.start])
            }
        }
        let policy = RetentionPolicy(limits: [.alerts: RetentionLimits(maxAge: Self.hour, maxBytes: 0)])
        let runner = RetentionRunner(buffer: buffer, control: control, policy: policy, readers: Self.readers)
        #expect(try runner.run(now: Self.start + 2 * Self.hour).purged == [])

        _ = try control.commitCursor(consumer: "platform", stream: "alerts", cursor: 6, at: Self.start)
        #expect(try runner.run(now: Self.start + 2 * Self.hour).purged == [PurgeStep(.alerts, .age, rows: 3)])
        let left = try control.pool.read { try String.fetchAll($0, sql: "SELECT alert_id FROM alert_transitions") }
        #expect(left == ["a-open", "a-open", "a-open"])
        #expect(try control.pool.read { try String.fetchAll($0, sql: "SELECT id FROM alerts") } == ["a-open"])
        #expect(try buffer.retentionCounters() == ["retention.alerts.age": 3])
    }

    @Test func quarantineAndRollupsAgeOutWithoutConsumers() throws {
        let (buffer, control, sequence) = try open()
        try addRequired(control, scopes: ["telemetry:read"])
        try ingest(buffer, sequence, count: 120)
        var batch = BufferBatch(through: JournalPosition(segment: 1, offset: 0))
        for index in 0..<10 {
            batch.quarantined.append(QuarantinedMessage(
                receivedAt: Self.start + EpochMillis(index) * Self.hour, topic: "x/y", payload: Array("{".utf8), payloadLength: 1,
                qos: 0, retained: false, failure: DecodeFailure(.noProfile, "no profile"), deviceId: nil, profileId: nil))
        }
        try buffer.write(batch, sequence: sequence)
        let policy = RetentionPolicy(limits: [
            .quarantine: RetentionLimits(maxAge: 5 * Self.hour), .rollups: RetentionLimits(maxAge: 90_000),
        ])
        let runner = RetentionRunner(buffer: buffer, control: control, policy: policy, readers: Self.readers)
        let report = try runner.run(now: Self.start + 10 * Self.hour - 1)
        #expect(Set(report.purged) == [PurgeStep(.quarantine, .age, rows: 5), PurgeStep(.rollups, .age, rows: 2)])
        #expect(try buffer.tally().quarantined == 5)
        #expect(try buffer.tally().telemetry == 120)
        #expect(try buffer.rollups(deviceId: "vr-1", from: 0, to: .max) == [])
    }

    @Test func anAlertsFileFromBeforeRetentionGetsIncrementalVacuumOnce() throws {
        let path = directory.file("old-alerts.sqlite")
        let old = try DatabaseQueue(path: path)
        try old.write { try $0.execute(sql: "CREATE TABLE leftover (x INTEGER)") }
        try old.close()
        let control = try ControlDatabase(path: path)
        #expect(try control.pool.read { try Int.fetchOne($0, sql: "PRAGMA auto_vacuum") } == 2)
    }

    private func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? -1
    }
}
