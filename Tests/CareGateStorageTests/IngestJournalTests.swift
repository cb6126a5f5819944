import CareGateCore
import CareGateTestSupport
import Foundation
import Testing

@testable import CareGateStorage

@Suite struct IngestJournalTests {
    let directory = TemporaryDirectory("journal")

    private func append(_ journal: IngestJournal, topic: String, payload: String, at time: EpochMillis = 1_000) -> IngestJournal.Append {
        var topic = topic, payload = payload
        return topic.withUTF8 { t in
            payload.withUTF8 { p in
                journal.append(topic: UnsafeRawBufferPointer(t), payload: UnsafeRawBufferPointer(p), qos: 1, retained: false, receivedAt: time)
            }
        }
    }

    private func contents(_ journal: IngestJournal, from: JournalPosition = .origin, until: JournalPosition? = nil) -> [(String, String, JournalDisposition)] {
        var seen: [(String, String, JournalDisposition)] = []
        journal.forEachRecord(from: from, until: until) { record in
            seen.append((record.topicString, String(decoding: record.payload, as: UTF8.self), record.disposition))
        }
        return seen
    }

    @Test func crc32cMatchesTheStandardCheckValue() {
        let check = Array("123456789".utf8).withUnsafeBytes { CRC32C.checksum($0) }
        #expect(check == 0xE306_9283)
        let long = [UInt8](repeating: 0xA5, count: 1000)
        let whole = long.withUnsafeBytes { CRC32C.checksum($0) }
        let chained = long.withUnsafeBytes { CRC32C.update(CRC32C.update(0, UnsafeRawBufferPointer(rebasing: $0[..<333])), UnsafeRawBufferPointer(rebasing: $0[333...])) }
        #expect(whole == chained)
    }

    @Test func appendedRecordsAreReadBackWithTheirDisposition() throws {
        let journal = try IngestJournal(directory: directory.path, options: .init(syncInterval: nil))
        try journal.beginAppending()
        let first = append(journal, topic: "care/h1/wearable/w-1/event", payload: #"{"ts":1,"seq":1,"type":"sos"}"#)
        journal.complete(first, disposition: .process)
        let second = append(journal, topic: "care/h1/wearable/w-1/event", payload: #"{"ts":1,"seq":1,"type":"sos"}"#)
        journal.complete(second, disposition: .duplicate)
        #expect(journal.processed == second.end)
        let seen = contents(journal, until: journal.processed)
        #expect(seen.count == 2)
        #expect(seen.map(\.2) == [.process, .duplicate])
        #expect(seen[0].0 == "care/h1/wearable/w-1/event")
    }

    @Test func theWriterNeverReadsPastTheProcessedPosition() throws {
        let journal = try IngestJournal(directory: directory.path, options: .init(syncInterval: nil))
        try journal.beginAppending()
        journal.complete(append(journal, topic: "a", payload: "1"), disposition: .process)
        _ = append(journal, topic: "b", payload: "2")  // appended, not yet processed
        #expect(contents(journal, until: journal.processed).map(\.0) == ["a"])
    }

    @Test func recordsSurviveAReopenWithoutAClose() throws {
        var journal: IngestJournal? = try IngestJournal(directory: directory.path, options: .init(syncInterval: nil))
        try journal!.beginAppending()
        for n in 0..<100 { journal!.complete(append(journal!, topic: "t/\(n)", payload: "p\(n)"), disposition: .process) }
        let end = journal!.processed
        journal!.waitForSparePreparation()
        // A second instance sees the same bytes through the page cache, as a restarted process would.
        let reopened = try IngestJournal(directory: directory.path, options: .init(syncInterval: nil))
        let seen = contents(reopened)
        #expect(seen.count == 100)
        #expect(seen.last?.0 == "t/99")
        var lastEnd = JournalPosition.origin
        reopened.forEachRecord(from: .origin) { lastEnd = $0.end }
        #expect(lastEnd == end)
        journal = nil
    }

    @Test func recoveryStopsAtATornRecord() throws {
        let journal = try IngestJournal(directory: directory.path, options: .init(syncInterval: nil))
        try journal.beginAppending()
        var ends: [JournalPosition] = []
        for n in 0..<5 {
            let appended = append(journal, topic: "t/\(n)", payload: String(repeating: "x", count: 40))
            journal.complete(appended, disposition: .process)
            ends.append(appended.end)
        }
        // Flip a payload byte of the fourth record, as a torn write after a power loss would.
        let file = directory.file(JournalSegment.fileName(ends[0].segment))
        let handle = try #require(FileHandle(forUpdatingAtPath: file))
        try handle.seek(toOffset: UInt64(ends[2].offset) + 40)
        try handle.write(contentsOf: [0xFF])
        try handle.close()
        journal.waitForSparePreparation()
        let reopened = try IngestJournal(directory: directory.path, options: .init(syncInterval: nil))
        #expect(contents(reopened).map(\.0) == ["t/0", "t/1", "t/2"])
    }

    @Test func segmentsRotateAndRetire() throws {
        let journal = try IngestJournal(directory: directory.path, options: .init(segmentSize: 2 << 20, syncInterval: nil))
        try journal.beginAppending()
        let big = String(repeating: "y", count: 200_000)
        var last = journal.processed
        for n in 0..<25 {
            let appended = append(journal, topic: "t/\(n)", payload: big)
            #expect(appended.isJournaled)
            journal.complete(appended, disposition: .process)
            last = appended.end
        }
        #expect(last.segment >= 3)
        #expect(contents(journal, until: journal.processed).count == 25)
        journal.retire(before: last)
        let remaining = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".journal") }
        #expect(remaining.allSatisfy { JournalSegment.number(ofFileName: $0)! >= last.segment })
        #expect(contents(journal, from: JournalPosition(segment: last.segment, offset: 0), until: journal.processed).count >= 1)
    }

    @Test func oversizedPayloadsAreKeptTruncatedAndFlagged() throws {
        let journal = try IngestJournal(directory: directory.path, options: .init(maxPayloadBytes: 1000, syncInterval: nil))
        try journal.beginAppending()
        journal.complete(append(journal, topic: "big", payload: String(repeating: "z", count: 5000)), disposition: .process)
        var record: JournalRecord?
        journal.forEachRecord(from: .origin) { record = $0 }
        #expect(record?.truncated == true)
        #expect(record?.payload.count == 1000)
        #expect(record?.originalPayloadLength == 5000)
    }

    @Test func appendingStartsInAFreshSegmentAfterRecovery() throws {
        let first = try IngestJournal(directory: directory.path, options: .init(syncInterval: nil))
        try first.beginAppending()
        let old = append(first, topic: "before", payload: "crash")
        first.complete(old, disposition: .process)
        // A crash leaves the spare segment the first journal prepared in the background; wait
        // for it so the recovered journal does not race the first one's preparer for the file.
        first.waitForSparePreparation()
        let recovered = try IngestJournal(directory: directory.path, options: .init(syncInterval: nil))
        try recovered.beginAppending()
        let fresh = append(recovered, topic: "after", payload: "restart")
        recovered.complete(fresh, disposition: .process)
        #expect(fresh.position.segment > old.position.segment)
        #expect(contents(recovered, until: recovered.processed).map(\.0) == ["before", "after"])
    }
}
