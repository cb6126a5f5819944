import CareGateCore
import CareGateStorage
import Foundation
import Logging
import Synchronization

/// The storage stage of ingest: follows the journal on its own thread, decodes each processed
/// record again, and commits batches to `buffer.sqlite` together with the journal position they
/// cover; then retires journal segments that are fully stored.
///
/// It never waits for a batch to fill: it takes what is there (up to `batch_rows`), so batches grow
/// only when messages arrive faster than one commit. When the database cannot be written (a full
/// disk), it keeps the batch and retries with backoff; the records stay in the journal, nothing
/// is lost, and alerting is unaffected because it never passes through here.
///
/// It also meters rental usage: every stored message goes through the `UsageMeter`, whose deltas
/// and per-device state are committed only with the de-duplication snapshot, in the same
/// transaction. After a restart both are loaded as of that snapshot and the records between it
/// and the committed position are replayed into both, so usage is counted exactly once however
/// the gateway stopped.
///
/// `@unchecked Sendable`: the decoder, stream state, meter and cursor are confined to the writer thread;
/// `stop` communicates through atomics and a semaphore.
final class BufferWriter: @unchecked Sendable {
    private let journal: IngestJournal
    private let buffer: BufferDatabase
    private let sequence: GatewaySequence
    private let registry: Registry
    private let strict: Bool
    private let batchRows: Int
    private let metrics: IngestMetrics
    private let clock: any GatewayClock
    private let logger: Logger

    // Writer-thread state.
    private var decoder: ProfileDecoder
    private var streams: DeviceStreams
    private var meter: UsageMeter
    private var cursor: JournalPosition
    private var lastSnapshot: JournalPosition
    private var lastSnapshotAt: EpochMillis = 0
    private var failing = false

    private let stopRequested = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let committed: Mutex<JournalPosition>

    /// How often the de-duplication state is saved (and how far back recovery may re-read).
    static let snapshotInterval: EpochMillis = 1_000

    init(
        journal: IngestJournal, buffer: BufferDatabase, sequence: GatewaySequence, catalog: ProfileCatalog,
        configuration: GatewayConfiguration, registry: Registry, streams: [String: DeviceStreamState], meter: UsageMeter,
        start: JournalPosition, snapshot: JournalPosition, metrics: IngestMetrics, clock: any GatewayClock, logger: Logger
    ) {
        self.journal = journal
        self.buffer = buffer
        self.sequence = sequence
        self.registry = registry
        strict = configuration.strictDevices
        batchRows = configuration.ingest.batchRows
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
        decoder = catalog.makeDecoder(
            site: configuration.site,
            limits: DecodeLimits(maxPayloadBytes: configuration.ingest.maxPayloadBytes, maxDepth: configuration.ingest.maxJSONDepth))
        var rebuilt = DeviceStreams(states: streams, catalog: catalog)
        var meter = meter
        let strict = configuration.strictDevices
        rebuilt.rebuild(from: snapshot, until: start, journal: journal, decoder: &decoder, registry: registry) { message in
            // Stored before the stop, metered but not yet saved: meter them again, as `collect` did.
            guard let entry = DeviceResolution.resolve(message, registry: registry, strict: strict, register: false).entry else { return }
            meter.record(message, device: entry.device)
        }
        self.streams = rebuilt
        self.meter = meter
        cursor = start
        lastSnapshot = snapshot
        committed = Mutex(start)
    }

    /// The journal position everything before which is stored.
    var committedPosition: JournalPosition { committed.withLock { $0 } }

    /// Starts the writer thread.
    func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "caregate.writer"
        thread.start()
    }

    /// Stores everything processed so far, then stops the thread. Call after intake has stopped.
    func stop() async {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            // Its own (serial, so overcommit) queue: a wait here must not hold a thread of the
            // CPU-capped global pool.
            DispatchQueue(label: "caregate.buffer-writer.stop").async { [finished] in
                finished.wait()
                done.resume()
            }
        }
    }

    private func run() {
        while true {
            let target = journal.processed
            if cursor == target {
                if stopRequested.load(ordering: .sequentiallyConsistent) && journal.processed == cursor {
                    saveSnapshot()
                    return
                }
                // Idle: save what the last batches left unsaved, so today's usage (and the
                // de-duplication state) does not wait for the next message.
                if clock.now() - lastSnapshotAt >= Self.snapshotInterval { saveSnapshot() }
                journal.waitForRecords(beyond: cursor, timeout: .milliseconds(200))
                continue
            }
            var batch = BufferBatch(through: cursor)
            // The returned position also moves past the end of a segment when no record did.
            batch.through = journal.forEachRecord(from: cursor, until: target, maxRecords: batchRows) { record in
                collect(record, into: &batch)
            }
            guard batch.through != cursor else {
                // Processed records are always readable; this would mean a damaged journal.
                logger.error("journal record unreadable below the processed position", metadata: ["position": "\(cursor)"])
                journal.waitForRecords(beyond: target, timeout: .milliseconds(200))
                continue
            }
            if clock.now() - lastSnapshotAt >= Self.snapshotInterval {
                batch.streamStates = streams.takeChanged()
                batch.usage = meter.takeFlush()
            }
            commit(batch)
        }
    }

    private func collect(_ record: JournalRecord, into batch: inout BufferBatch) {
        guard record.disposition == .process else {
            if record.disposition == .duplicate { batch.count(IngestCounter.duplicates) }
            return
        }
        let topic = record.topicString
        let outcome = decoder.decode(
            topic: topic, payload: record.payload, qos: record.qos, retained: record.retained,
            receivedAt: record.receivedAt, registeredProfile: registry.profileId(of:))
        switch outcome {
        case .message(var message):
            guard let entry = DeviceResolution.resolve(message, registry: registry, strict: strict, register: false).entry else {
                batch.quarantined.append(quarantined(record, topic: topic, failure: DeviceResolution.unknownDeviceFailure, device: message.deviceId, profile: message.profileId))
                return
            }
            guard streams.admit(&message, payload: record.payload) else {
                batch.count(IngestCounter.duplicates)
                return
            }
            meter.record(message, device: entry.device)
            batch.messages.append(message)
        case .ignored:
            batch.count(IngestCounter.ignored)
        case .failure(let failure, let device, let profile):
            batch.quarantined.append(quarantined(record, topic: topic, failure: failure, device: device, profile: profile))
        }
    }

    private func quarantined(_ record: JournalRecord, topic: String, failure: DecodeFailure, device: String?, profile: String?) -> QuarantinedMessage {
        QuarantinedMessage(
            receivedAt: record.receivedAt, topic: topic, payload: Array(record.payload),
            payloadLength: record.originalPayloadLength, qos: record.qos, retained: record.retained,
            failure: failure, deviceId: device, profileId: profile)
    }

    /// Commits the batch, retrying with backoff until it succeeds or shutdown gives up on it (the
    /// journal keeps the records for the next start).
    private func commit(_ batch: BufferBatch) {
        var delay: UInt32 = 100_000
        while true {
            let started = DispatchTime.now()
            do {
                try buffer.write(batch, sequence: sequence)
                metrics.commitSeconds.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds))
                metrics.storedRows.increment(by: Int64(batch.rowCount))
                if failing {
                    failing = false
                    logger.notice("buffer writes recovered")
                }
                break
            } catch {
                metrics.commitFailures.increment()
                if !failing {
                    failing = true
                    logger.error("buffer write failed; keeping records in the journal and retrying", metadata: ["error": "\(error)"])
                }
                if stopRequested.load(ordering: .sequentiallyConsistent) { return }
                usleep(delay)
                delay = min(delay * 2, 5_000_000)
            }
        }
        cursor = batch.through
        committed.withLock { $0 = cursor }
        if batch.streamStates != nil {
            lastSnapshot = batch.through
            lastSnapshotAt = clock.now()
        }
        journal.retire(before: min(cursor, lastSnapshot)) { buffer.syncWriteAheadLog() }
        updateLag()
    }

    /// When idle and on shutdown: saves the de-duplication and meter state as of the last commit
    /// (nothing when neither changed).
    private func saveSnapshot() {
        let changed = streams.takeChanged()
        let usage = meter.takeFlush()
        guard !changed.isEmpty || !usage.isEmpty else { return }
        var batch = BufferBatch(through: cursor)
        batch.streamStates = changed
        batch.usage = usage
        commit(batch)
    }

    private func updateLag() {
        let processed = journal.processed
        let lag: Int
        if processed.segment == cursor.segment {
            lag = Int(processed.offset) - Int(cursor.offset)
        } else {
            lag = Int(processed.offset) + Int(processed.segment - cursor.segment) * journal.segmentSize - Int(cursor.offset)
        }
        metrics.writerLagBytes.record(max(0, lag))
    }
}
