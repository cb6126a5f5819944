import CareGateCore
import Dispatch
import Glibc
import Synchronization

/// The ingest journal: every message the MQTT callback receives is copied here first, so that it
/// survives the death of the process even though libmosquitto already acknowledged it.
///
/// It is also the queue between ingest and storage. One producer (the MQTT thread) appends a
/// record, decides its disposition and publishes the position it has processed; the bulk writer
/// reads records up to that position and retires segments once they are committed to SQLite. See
/// docs/ARCHITECTURE.md.
///
/// `@unchecked Sendable`: producer-only state (`current`, `appendOffset`) is touched only by the
/// single producer thread, as documented on each method; the segment table is behind a mutex;
/// the processed position is an atomic with release/acquire ordering, which orders the record
/// bytes before the position that makes them visible to the writer.
public final class IngestJournal: @unchecked Sendable {
    /// Sizing and durability settings.
    public struct Options: Sendable {
        /// Bytes per segment file (default 8 MiB: ~40k typical records; small enough that the
        /// mapped pages do not dominate the gateway's memory).
        public var segmentSize: Int
        /// Longest payload kept per record; longer ones keep their beginning and are flagged.
        public var maxPayloadBytes: Int
        /// How often dirty pages are written to disk (bounds what a power loss can take).
        public var syncInterval: Duration?

        public init(segmentSize: Int = 8 << 20, maxPayloadBytes: Int = 1 << 20, syncInterval: Duration? = .seconds(1)) {
            self.segmentSize = max(segmentSize, 2 << 20)
            self.maxPayloadBytes = min(maxPayloadBytes, self.segmentSize / 2)
            self.syncInterval = syncInterval
        }
    }

    /// A record just appended, handed back to the producer so it can record its verdict.
    public struct Append {
        public let position: JournalPosition
        public let end: JournalPosition
        fileprivate let disposition: UnsafeMutableRawPointer?

        /// The result for a message that reached no journal (disk full): nothing durable.
        static var unjournaled: Append { Append(position: .origin, end: .origin, disposition: nil) }

        /// False when the message could not be journaled (it will not reach storage).
        public var isJournaled: Bool { disposition != nil }
    }

    public let directory: String
    private let options: Options

    /// Bytes per segment file.
    public var segmentSize: Int { options.segmentSize }
    private let clock: any GatewayClock
    private let segments: Mutex<[UInt64: JournalSegment]>
    private let processedPosition: Atomic<UInt64>
    private let readerWaiting = Atomic<Bool>(false)
    private let readerWakeup = DispatchSemaphore(value: 0)
    private let preparation = DispatchQueue(label: "caregate.journal.prepare", qos: .utility)
    private let syncQueue = DispatchQueue(label: "caregate.journal.sync", qos: .utility)
    private let spare = Mutex<JournalSegment?>(nil)
    private let syncLock = Mutex(())
    private var syncTimer: (any DispatchSourceTimer)?

    // Producer-only state.
    private var current: JournalSegment?
    private var appendOffset = 0
    private var nextCreateAttempt: EpochMillis = 0

    /// Opens the journal in `directory` (created if missing) and maps its existing segments.
    /// Appending starts with `beginAppending()`, after recovery has re-processed what is there.
    public init(directory: String, options: Options = Options(), clock: any GatewayClock = SystemClock()) throws(JournalError) {
        self.directory = directory
        self.options = options
        self.clock = clock
        if mkdir(directory, 0o700) != 0 && errno != EEXIST { throw JournalError("mkdir", path: directory) }
        var found: [UInt64: JournalSegment] = [:]
        for number in try Self.segmentNumbers(in: directory) {
            if let segment = try JournalSegment.openExisting(directory: directory, number: number) {
                found[number] = segment
            } else {
                unlink(directory + "/" + JournalSegment.fileName(number))
            }
        }
        segments = Mutex(found)
        processedPosition = Atomic(JournalPosition.origin.packed)
    }

    deinit {
        syncTimer?.cancel()
        segments.withLock { table in
            for segment in table.values { segment.unmap(deleting: false) }
            table.removeAll()
        }
        spare.withLock { $0?.unmap(deleting: true) }
    }

    // MARK: Recovery

    /// The first position holding data, for a gateway whose buffer has never committed.
    public var oldestPosition: JournalPosition {
        let first = segments.withLock { $0.keys.min() }
        return first.map { JournalPosition(segment: $0, offset: UInt32(JournalSegment.headerSize)) } ?? .origin
    }

    /// Visits every valid record from `start` (inclusive) up to, but not including, `limit`,
    /// moving to the next segment when one ends; returns the position after the last record
    /// visited. `body` may record a disposition with `setDisposition`.
    ///
    /// Called by recovery (limit nil: to the end of valid data) and by the bulk writer (limit: the
    /// processed position).
    @discardableResult
    public func forEachRecord(
        from start: JournalPosition, until limit: JournalPosition? = nil, maxRecords: Int = .max,
        _ body: (JournalRecord) throws -> Void
    ) rethrows -> JournalPosition {
        var position = start
        var visited = 0
        let numbers = segments.withLock { $0.keys.filter { $0 >= start.segment }.sorted() }
        for number in numbers {
            if let limit, number > limit.segment { break }
            guard let segment = segments.withLock({ $0[number] }) else { continue }
            var offset = number == start.segment ? max(Int(start.offset), JournalSegment.headerSize) : JournalSegment.headerSize
            if number != position.segment { position = JournalPosition(segment: number, offset: UInt32(offset)) }
            while true {
                if let limit, number == limit.segment, offset >= Int(limit.offset) { return position }
                if visited == maxRecords { return position }
                guard let record = JournalRecord.read(segment: number, base: segment.base, size: segment.size, offset: offset)
                else { break }
                try body(record)
                visited += 1
                offset = Int(record.end.offset)
                position = record.end
            }
        }
        return position
    }

    /// Records the verdict on a record found during recovery.
    public func setDisposition(_ disposition: JournalDisposition, of record: JournalRecord) {
        guard let segment = segments.withLock({ $0[record.position.segment] }) else { return }
        segment.base.storeBytes(of: disposition.rawValue, toByteOffset: Int(record.position.offset) + JournalRecordLayout.dispositionOffset, as: UInt8.self)
    }

    // MARK: Producer (the MQTT thread only)

    /// Starts a fresh segment for new records after recovery and marks everything before it as
    /// processed. Never appends after a tail a crash may have torn. Producer thread only.
    public func beginAppending() throws(JournalError) {
        let next = (segments.withLock { $0.keys.max() } ?? 0) + 1
        let segment = try JournalSegment.create(directory: directory, number: next, size: options.segmentSize, createdAt: clock.now())
        install(segment)
        startSyncTimer()
        prepareSpare(after: next)
    }

    /// Copies a message into the journal. Returns where it went, or `.unjournaled` when no
    /// segment could be created (the disk is full): the caller still processes the message, but
    /// storage will not see it. Producer thread only.
    public func append(
        topic: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer, qos: UInt8, retained: Bool,
        receivedAt: EpochMillis
    ) -> Append {
        let kept = UnsafeRawBufferPointer(rebasing: payload.prefix(options.maxPayloadBytes))
        let topicKept = UnsafeRawBufferPointer(rebasing: topic.prefix(Int(UInt16.max)))
        let length = JournalRecordLayout.size(topicLength: topicKept.count, payloadLength: kept.count)
        if current == nil || appendOffset + length > current!.size {
            guard rotate() else { return .unjournaled }
        }
        guard let segment = current else { return .unjournaled }
        let record = segment.base + appendOffset
        JournalRecord.write(
            at: record, length: length, topic: topicKept, payload: kept, originalPayloadLength: payload.count,
            qos: qos, retained: retained, receivedAt: receivedAt)
        let start = JournalPosition(segment: segment.number, offset: UInt32(appendOffset))
        appendOffset += length
        return Append(
            position: start, end: JournalPosition(segment: segment.number, offset: UInt32(appendOffset)),
            disposition: record + JournalRecordLayout.dispositionOffset)
    }

    /// Records the verdict on an appended message and publishes it, and every record before it,
    /// as processed: from here the bulk writer may store it. Producer thread only.
    public func complete(_ append: Append, disposition: JournalDisposition) {
        guard let pointer = append.disposition else { return }
        pointer.storeBytes(of: disposition.rawValue, as: UInt8.self)
        // Sequentially consistent with the reader's flag below (a Dekker pair): either the reader
        // sees the new position, or this thread sees that the reader is waiting and wakes it.
        processedPosition.store(append.end.packed, ordering: .sequentiallyConsistent)
        if readerWaiting.load(ordering: .sequentiallyConsistent),
            readerWaiting.exchange(false, ordering: .sequentiallyConsistent)
        {
            readerWakeup.signal()
        }
    }

    /// Blocks the reader (the bulk writer) until records beyond `position` are processed, or
    /// `timeout` passes.
    public func waitForRecords(beyond position: JournalPosition, timeout: Duration) {
        readerWaiting.store(true, ordering: .sequentiallyConsistent)
        if JournalPosition(packed: processedPosition.load(ordering: .sequentiallyConsistent)) != position {
            readerWaiting.store(false, ordering: .sequentiallyConsistent)
            return
        }
        let nanos = Int(timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        _ = readerWakeup.wait(timeout: .now() + .nanoseconds(nanos))
        readerWaiting.store(false, ordering: .sequentiallyConsistent)
    }

    /// Everything before this position has been appended and given a disposition.
    public var processed: JournalPosition {
        JournalPosition(packed: processedPosition.load(ordering: .acquiring))
    }

    private func install(_ segment: JournalSegment) {
        segments.withLock { $0[segment.number] = segment }
        current = segment
        appendOffset = JournalSegment.headerSize
        processedPosition.store(
            JournalPosition(segment: segment.number, offset: UInt32(appendOffset)).packed, ordering: .releasing)
    }

    /// Moves the producer to the next segment: the spare prepared in the background, or one made
    /// now. A failure (disk full) is retried at most once a second so a full disk does not cost a
    /// syscall per message.
    private func rotate() -> Bool {
        let next = (current?.number ?? (segments.withLock { $0.keys.max() } ?? 0)) + 1
        var segment = takeSpare(numbered: next)
        if segment == nil {
            // The preparer may be creating it right now; wait for it rather than race it.
            waitForSparePreparation()
            segment = takeSpare(numbered: next)
        }
        if segment == nil {
            let now = clock.now()
            guard now >= nextCreateAttempt else { return false }
            do {
                segment = try JournalSegment.create(directory: directory, number: next, size: options.segmentSize, createdAt: now)
            } catch {
                nextCreateAttempt = now + 1000
                return false
            }
        }
        guard let segment else { return false }
        install(segment)
        prepareSpare(after: next)
        return true
    }

    private func takeSpare(numbered number: UInt64) -> JournalSegment? {
        spare.withLock { prepared -> JournalSegment? in
            guard let segment = prepared, segment.number == number else { return nil }
            prepared = nil
            return segment
        }
    }

    /// Returns once the background preparation of the next segment, if one is under way, is done.
    func waitForSparePreparation() {
        preparation.sync {}
    }

    private func prepareSpare(after number: UInt64) {
        preparation.async { [self] in
            guard spare.withLock({ $0 == nil }) else { return }
            guard let made = try? JournalSegment.create(
                directory: directory, number: number + 1, size: options.segmentSize, createdAt: clock.now())
            else { return }
            spare.withLock { $0 = made }
        }
    }

    // MARK: Writer

    /// Deletes every segment before `segment`: the writer has committed everything in them.
    /// Also releases the consumed pages of `segment` itself up to `offset`.
    ///
    /// `beforeDeleting` runs only when a segment is about to be deleted: the caller makes the
    /// commit that covers `position` durable there (a `synchronous=NORMAL` commit is not, and a
    /// deleted segment can no longer replay what a power loss rolls back).
    public func retire(before position: JournalPosition, beforeDeleting: () -> Void = {}) {
        let old = segments.withLock { table -> [JournalSegment] in
            let numbers = table.keys.filter { $0 < position.segment }
            return numbers.compactMap { table.removeValue(forKey: $0) }
        }
        if !old.isEmpty { beforeDeleting() }
        syncLock.withLock { _ in
            for segment in old { segment.unmap(deleting: true) }
        }
        if let segment = segments.withLock({ $0[position.segment] }) {
            segment.release(upTo: Int(position.offset))
        }
    }

    /// Bytes currently held by journal files (what the writer has not yet retired).
    public var bytesOnDisk: Int {
        segments.withLock { $0.values.reduce(0) { $0 + $1.size } } + (spare.withLock { $0?.size } ?? 0)
    }

    // MARK: Durability against power loss

    /// Writes every segment's dirty pages to disk now.
    public func sync() {
        let live = segments.withLock { Array($0.values) }
        syncLock.withLock { _ in
            let present = segments.withLock { table in live.filter { table[$0.number] != nil } }
            for segment in present { segment.sync() }
        }
    }

    private func startSyncTimer() {
        guard syncTimer == nil, let interval = options.syncInterval else { return }
        let timer = DispatchSource.makeTimerSource(queue: syncQueue)
        let nanos = Int(interval.components.seconds * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000)
        timer.schedule(deadline: .now() + .nanoseconds(nanos), repeating: .nanoseconds(nanos), leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in self?.sync() }
        timer.resume()
        syncTimer = timer
    }

    private static func segmentNumbers(in directory: String) throws(JournalError) -> [UInt64] {
        guard let handle = opendir(directory) else { throw JournalError("list", path: directory) }
        defer { closedir(handle) }
        var numbers: [UInt64] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if let number = JournalSegment.number(ofFileName: name) { numbers.append(number) }
        }
        return numbers.sorted()
    }
}
