import CareGateCore
import CareGateHTTP
import CareGateMQTT
import CareGateStorage
import Logging
import ServiceLifecycle
import Synchronization

/// The upstream MQTT bridge, for platforms that cannot pull: reads each configured stream after
/// the `bridge` consumer's cursor and publishes every record, as the JSON the API serves, at QoS 1
/// to `{prefix}/{stream}` on a cloud broker, over its own connection (persistent session, its own
/// reconnect backoff, retained `online`/`offline` on `{prefix}/availability`).
///
/// The consumer's cursor is the durable "synced" mark: it is committed only up to the highest
/// `seq` whose PUBACK, and the PUBACK of every record before it, arrived (`BridgeAcknowledgements`).
/// While the cloud broker is unreachable nothing moves; after a reconnect (or a restart) the
/// bridge publishes again from the delivered prefix, so a record may arrive twice but is never
/// lost. Alert transitions are bridged only once they were published on the site's broker
/// (`SyncReader.publishedAlertsThrough()`), so no platform hears of an alert before the
/// staff's own alerting did. The bridge is a required consumer: retention keeps what it has not
/// delivered.
final class UpstreamBridge: Sendable {
    /// What the network thread's callbacks update, shared without retaining the bridge.
    private final class Shared: Sendable {
        let acknowledgements = Mutex(BridgeAcknowledgements(cursors: [:]))
        let doorbell = Doorbell()
        let metrics = BridgeMetrics()
    }

    /// How often the delivered cursors are committed while records are in flight (when nothing
    /// is in flight they are committed at once); each commit is an fsync of `alerts.sqlite`.
    static let commitInterval: Duration = .seconds(1)
    /// How often the bridge looks for new records when it has nothing to publish.
    static let idlePoll: Duration = .milliseconds(250)
    /// How often the lag gauges are measured.
    static let lagInterval: Duration = .seconds(5)
    /// How long a graceful stop waits for the PUBACKs of records in flight.
    static let drainTimeout: Duration = .seconds(2)

    let configuration: GatewayConfiguration.Bridge
    let client: MQTTClient
    private let prefix: String
    private let sync: SyncReader
    private let control: ControlDatabase
    private let clock: any GatewayClock
    private let logger: Logger
    private let shared = Shared()
    private let stopRequested = Atomic<Bool>(false)

    init(
        configuration: GatewayConfiguration.Bridge, site: String, sync: SyncReader, control: ControlDatabase, clock: any GatewayClock,
        logger: Logger
    ) throws {
        self.configuration = configuration
        prefix = configuration.prefix(site: site)
        self.sync = sync
        self.control = control
        self.clock = clock
        var logger = logger
        logger[metadataKey: "component"] = "bridge"
        self.logger = logger
        var mqtt = try Gateway.mqttConfiguration(configuration.broker, clientId: configuration.clientId(site: site))
        mqtt.announceAvailability(on: prefix + "/availability")
        let shared = shared
        shared.metrics.connected.record(0)
        client = try MQTTClient(
            configuration: mqtt, logger: logger,
            onMessage: { _ in },
            onPublished: { mid in
                if let stream = shared.acknowledgements.withLock({ $0.acknowledged(mid: mid) }) {
                    shared.metrics.recordAcknowledged(stream)
                }
                shared.doorbell.ring()
            },
            onStateChange: { state in
                if state != .connected { shared.acknowledgements.withLock { $0.connectionLost() } }
                shared.metrics.connected.record(state == .connected ? 1 : 0)
                shared.doorbell.ring()
            })
    }

    /// Records awaiting the cloud broker's PUBACK.
    var inFlight: Int { shared.acknowledgements.withLock { $0.inFlight } }

    /// Bridges until `requestStop()`, then waits briefly for the PUBACKs in flight, commits what
    /// was delivered and disconnects.
    func run() async {
        var committed = await loadCursors()
        shared.acknowledgements.withLock { $0 = BridgeAcknowledgements(cursors: committed) }
        do {
            try client.start()
        } catch {
            // Not a reason to stop the gateway: local alerting and ingest go on without the bridge.
            logger.error("bridge could not start its MQTT client; records are not bridged", metadata: ["error": "\(error)"])
            while !stopRequested.load(ordering: .acquiring) && !Task.isCancelled {
                await shared.doorbell.wait(timeout: .seconds(60))
            }
            return
        }
        logger.info("bridge started", metadata: ["broker": "\(configuration.broker.url)", "prefix": "\(prefix)"])
        var lastCommit = ContinuousClock.now
        var lastLag = ContinuousClock.now - Self.lagInterval
        while !stopRequested.load(ordering: .acquiring) && !Task.isCancelled {
            var published = 0
            var windowFull = false
            if client.state == .connected {
                (published, windowFull) = await publishRound()
            }
            let now = ContinuousClock.now
            if now - lastCommit >= Self.commitInterval || inFlight == 0 {
                await commitDelivered(&committed)
                lastCommit = now
            }
            if now - lastLag >= Self.lagInterval {
                await measureLag()
                lastLag = now
            }
            if published == 0 || windowFull {
                await shared.doorbell.wait(timeout: Self.idlePoll)
            }
        }
        let deadline = ContinuousClock.now + Self.drainTimeout
        while inFlight > 0 && client.state == .connected && ContinuousClock.now < deadline {
            await shared.doorbell.wait(timeout: .milliseconds(50))
        }
        await commitDelivered(&committed)
        await client.stop(graceful: true)
        logger.info("bridge stopped")
    }

    /// Ends `run()` (graceful shutdown).
    func requestStop() {
        stopRequested.store(true, ordering: .releasing)
        shared.doorbell.ring()
    }

    /// The bridge consumer's committed cursors; retried until they can be read, since starting
    /// from zero would publish the whole buffer again.
    private func loadCursors() async -> [SyncStream: Int64] {
        while !stopRequested.load(ordering: .acquiring) && !Task.isCancelled {
            do {
                let stored = try await BlockingIO.run { [control] in try control.cursors(of: ConsumerName.bridgeName) }
                var cursors: [SyncStream: Int64] = [:]
                for cursor in stored {
                    if let stream = SyncStream(rawValue: cursor.stream) { cursors[stream] = cursor.cursor }
                }
                return cursors
            } catch {
                logger.error("bridge cannot read its cursors", metadata: ["error": "\(error)"])
                await shared.doorbell.wait(timeout: .seconds(1))
            }
        }
        return [:]
    }

    /// Publishes what the in-flight window allows, stream by stream; returns how many records
    /// went out and whether the window filled. Stops at the first failed publish (the connection
    /// went): the records are read again after the reconnect.
    private func publishRound() async -> (published: Int, windowFull: Bool) {
        let window = configuration.broker.maxInflight
        // Refill only when half the window is free, so a trickle of PUBACKs does not turn into
        // one tiny read per acknowledgement.
        guard inFlight <= window / 2 else { return (0, true) }
        var total = 0
        var scratch = JSONWriter(capacity: 1024)
        for stream in configuration.streams {
            let (after, epoch, inFlight) = shared.acknowledgements.withLock { ($0.publishedThrough(stream), $0.epoch, $0.inFlight) }
            let room = window - inFlight
            guard room > 0 else { return (total, true) }
            do {
                let through = stream == .alerts ? try await sync.publishedAlertsThrough() : Int64.max
                guard through > after else { continue }
                let batch = try await sync.records(stream, after: after, through: through, limit: min(configuration.batchSize, room))
                let topic = prefix + "/" + stream.rawValue
                var interrupted = false
                try batch.forEachRecord(scratch: &scratch) { seq, bytes in
                    guard !interrupted else { return }
                    let mid = try client.publish(topic: topic, payload: bytes, qos: .atLeastOnce, retain: false)
                    if shared.acknowledgements.withLock({ $0.sent(stream, seq: seq, mid: mid, epoch: epoch) }) {
                        total += 1
                    } else {
                        interrupted = true
                    }
                }
                if interrupted { return (total, false) }
            } catch let error as MQTTError {
                logger.debug("bridge publish failed; waiting for the connection", metadata: ["error": "\(error)"])
                return (total, false)
            } catch {
                logger.warning("bridge could not read a stream", metadata: ["stream": "\(stream)", "error": "\(error)"])
            }
        }
        return (total, false)
    }

    /// Commits, per stream, the cursor up to which every record was acknowledged.
    private func commitDelivered(_ committed: inout [SyncStream: Int64]) async {
        let delivered = shared.acknowledgements.withLock { acknowledgements in
            configuration.streams.map { ($0, acknowledgements.deliveredThrough($0)) }
        }
        for (stream, seq) in delivered where seq > committed[stream] ?? 0 {
            let at = clock.now()
            do {
                let outcome = try await BlockingIO.run { [control] in
                    try control.commitCursor(consumer: ConsumerName.bridgeName, stream: stream.rawValue, cursor: seq, at: at)
                }
                if outcome == .unknownConsumer {
                    logger.error("the bridge consumer is missing from alerts.sqlite; its progress is not recorded")
                }
                committed[stream] = seq
            } catch {
                logger.warning("bridge could not commit its cursor", metadata: ["stream": "\(stream)", "error": "\(error)"])
            }
        }
    }

    /// Updates the lag gauges: the age of the oldest record each stream has not delivered.
    private func measureLag() async {
        let now = clock.now()
        for stream in configuration.streams {
            let delivered = shared.acknowledgements.withLock { $0.deliveredThrough(stream) }
            let pending: EpochMillis?
            do {
                pending = try await sync.oldestPending(stream, after: delivered)
            } catch {
                continue
            }
            shared.metrics.recordLag(stream, seconds: pending.map { Double(max(0, now - $0)) / 1000 } ?? 0)
        }
    }
}

/// The bridge as one of the gateway's services: runs it, and on graceful shutdown lets it drain
/// its in-flight window and commit before its connection closes.
struct BridgeService: Service {
    let bridge: UpstreamBridge

    func run() async throws {
        await withGracefulShutdownHandler {
            await bridge.run()
        } onGracefulShutdown: {
            bridge.requestStop()
        }
    }
}
