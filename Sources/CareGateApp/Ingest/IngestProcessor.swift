import CareGateCore
import CareGateStorage

/// The live stage of ingest, run on the MQTT network thread for every message: make it durable
/// in the journal, decode it through its profile, recognise duplicates, register unknown devices,
/// hand it to the alert lanes, and publish it to the bulk writer.
///
/// Nothing here waits for storage or for the alert rules: the journal append is a `memcpy`, the
/// hand-off to the lanes is non-blocking, and the writer follows the journal on its own thread.
///
/// `@unchecked Sendable`: thread-confined. After `recover`, only the MQTT network thread calls
/// `receive` (libmosquitto delivers messages one at a time on that thread).
final class IngestProcessor: @unchecked Sendable {
    /// Where accepted messages and registry news go (the alert engine, the registry store).
    struct Routes: Sendable {
        var accepted: @Sendable (DeviceMessage, Registry.Entry) -> Void
        var newDevice: @Sendable (DeviceRecord) -> Void
    }

    private var decoder: ProfileDecoder
    private var streams: DeviceStreams
    private let journal: IngestJournal
    private let registry: Registry
    private let strict: Bool
    private let routes: Routes
    private let metrics: IngestMetrics
    private let clock: any GatewayClock

    init(
        catalog: ProfileCatalog, configuration: GatewayConfiguration, journal: IngestJournal, registry: Registry,
        streams: [String: DeviceStreamState], routes: Routes, metrics: IngestMetrics, clock: any GatewayClock
    ) {
        decoder = catalog.makeDecoder(
            site: configuration.site,
            limits: DecodeLimits(maxPayloadBytes: configuration.ingest.maxPayloadBytes, maxDepth: configuration.ingest.maxJSONDepth))
        self.streams = DeviceStreams(states: streams, catalog: catalog)
        self.journal = journal
        self.registry = registry
        strict = configuration.strictDevices
        self.routes = routes
        self.metrics = metrics
        self.clock = clock
    }

    /// Handles one message from the broker. MQTT network thread only.
    func receive(topic: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer, qos: UInt8, retained: Bool) {
        let receivedAt = clock.now()
        metrics.received[Int(min(qos, 2))].increment()
        let append = journal.append(topic: topic, payload: payload, qos: qos, retained: retained, receivedAt: receivedAt)
        if !append.isJournaled { metrics.unjournaled.increment() }
        let disposition = process(
            topic: String(decoding: topic, as: UTF8.self), payload: payload, qos: qos, retained: retained,
            receivedAt: receivedAt)
        journal.complete(append, disposition: disposition)
    }

    /// Brings the stream state up to date after a restart and re-processes what the gateway
    /// received but had not stored when it stopped.
    ///
    /// Records between the saved stream snapshot and the committed position are already stored:
    /// they only rebuild de-duplication state. Records after the committed position are processed
    /// as if they had just arrived (the alert engine ignores triggers it already acted on), and
    /// their dispositions are rewritten for the writer. Returns how many records were replayed.
    @discardableResult
    func recover(snapshot: JournalPosition, committed: JournalPosition) -> Int {
        streams.rebuild(from: snapshot, until: committed, journal: journal, decoder: &decoder, registry: registry)
        var replayed = 0
        journal.forEachRecord(from: committed) { record in
            let disposition = process(
                topic: record.topicString, payload: record.payload, qos: record.qos, retained: record.retained,
                receivedAt: record.receivedAt)
            journal.setDisposition(disposition, of: record)
            replayed += 1
        }
        return replayed
    }

    private func process(
        topic: String, payload: UnsafeRawBufferPointer, qos: UInt8, retained: Bool, receivedAt: EpochMillis
    ) -> JournalDisposition {
        let outcome = decoder.decode(
            topic: topic, payload: payload, qos: qos, retained: retained, receivedAt: receivedAt,
            registeredProfile: registry.profileId(of:))
        switch outcome {
        case .message(var message):
            let resolution = DeviceResolution.resolve(message, registry: registry, strict: strict, register: true)
            guard let entry = resolution.entry else {
                metrics.quarantine(.unknownDevice)
                return .process
            }
            guard streams.admit(&message, payload: payload) else {
                metrics.duplicates.increment()
                return .duplicate
            }
            if case .registered(let entry) = resolution {
                metrics.devicesAutoRegistered.increment()
                routes.newDevice(entry.device)
            }
            registry.observe(message)
            metrics.accepted.increment()
            routes.accepted(message, entry)
            return .process
        case .ignored:
            metrics.ignored.increment()
            return .process
        case .failure(let failure, _, _):
            metrics.quarantine(failure.reason)
            return .process
        }
    }
}
