import CareGateAlerts
import CareGateCore
import CareGateHTTP
import CareGateMQTT
import CareGateStorage
import Foundation
import Logging

/// The whole gateway, built in one place: the daemon runs it, tests build it, nothing else wires
/// components together.
///
/// Construction opens the databases and the journal, loads profiles and the registry, restores
/// the alert engine, and re-processes whatever the journal holds beyond the last committed
/// position, all before the broker connection exists, so that the first live message meets a
/// gateway that is already consistent. `run()` then starts the services (see `Gateway+Run`).
public final class Gateway: Sendable {
    public let configuration: GatewayConfiguration
    let paths: GatewayPaths
    let logger: Logger
    let clock: any GatewayClock
    /// The site's calendar (configured time zone): night windows and metering days.
    let calendar: SiteCalendar
    let notifier: SystemdNotifier
    let profiles: ProfileLibrary.Loaded
    let control: ControlDatabase
    let buffer: BufferDatabase
    let journal: IngestJournal
    let registry: Registry
    let registryStore: RegistryStore
    let reserve: DiskReserve
    let sequence: GatewaySequence
    let engine: AlertEngine
    let outputs: AlertOutputs
    let broadcast: AlertBroadcast
    let notices: OperatorNotices
    let retention: RetentionRunner
    let retentionMetrics: RetentionMetrics
    let ingestMetrics: IngestMetrics
    let alertMetrics: AlertMetrics
    let processor: IngestProcessor
    let writer: BufferWriter
    let mqtt: MQTTClient
    /// The upstream MQTT bridge, when `bridge.enabled`.
    let bridge: UpstreamBridge?
    /// Problems found at start that did not stop it (skipped profiles, seed entries, settings).
    public let startupIssues: [String]
    /// Journal records re-processed at start (received before a crash, not yet stored).
    public let replayedRecords: Int

    public init(
        configuration: GatewayConfiguration, logger: Logger, clock: any GatewayClock = SystemClock(),
        notifier: SystemdNotifier = SystemdNotifier()
    ) throws {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.notifier = notifier
        calendar = SiteCalendar(identifier: configuration.timeZone) ?? SiteCalendar(timeZone: .current)
        var issues: [String] = []

        paths = GatewayPaths(stateDirectory: configuration.stateDirectory)
        try paths.prepare()
        profiles = try ProfileLibrary.load(directory: configuration.devicesDirectory)
        issues += profiles.issues.map(\.description)
        guard !profiles.catalog.profiles.isEmpty else {
            throw GatewayError("no device profiles could be loaded from \(configuration.devicesDirectory)")
        }
        let catalog = profiles.catalog

        reserve = DiskReserve(path: paths.reserve)
        control = try ControlDatabase(path: paths.control)
        buffer = try BufferDatabase(path: paths.buffer)
        journal = try IngestJournal(
            directory: paths.journal, options: .init(segmentSize: configuration.ingest.journalSegmentMiB << 20), clock: clock)

        registry = Registry(site: configuration.site)
        registryStore = RegistryStore(
            control: control, registry: registry, catalog: catalog, clock: clock, logger: logger, appliedSeedPath: paths.appliedSeed)
        try registryStore.load()
        if let seed = configuration.registrySeed {
            issues += registryStore.applySeed(path: seed).map(\.description)
        }
        sequence = GatewaySequence(after: max(try buffer.highestSequence(), try control.highestSequence()))

        broadcast = AlertBroadcast()
        alertMetrics = AlertMetrics()
        outputs = AlertOutputs(
            site: configuration.site, log: try AlertLog(path: configuration.alertLog), control: control, broadcast: broadcast,
            metrics: alertMetrics, clock: clock, logger: logger)
        outputs.catchUpAlertLog()
        let (settings, settingIssues) = AlertSettings.validated(Self.ruleOverrides(configuration: configuration, catalog: catalog))
        issues += settingIssues.map { "alerts.rules: \($0)" }
        engine = try AlertEngine(
            configuration: AlertEngineConfiguration(
                site: configuration.site, calendar: calendar,
                defaultNightWindow: configuration.alerts.nightWindow, settings: settings,
                laneCount: configuration.alerts.lanes > 0 ? configuration.alerts.lanes : ProcessInfo.processInfo.activeProcessorCount),
            store: SQLiteAlertStore(database: control, sequence: sequence, reserve: reserve), sink: outputs, clock: clock,
            observer: alertMetrics.observer)
        engine.update(devices: registry.devices, residents: registry.residents, supervision: registryStore.supervision())

        notices = OperatorNotices(control: control, site: configuration.site, clock: clock, logger: logger)
        retention = RetentionRunner(
            buffer: buffer, control: control, policy: configuration.retention.policy, readers: ConsumerDirectory.purgeReaders)
        retentionMetrics = RetentionMetrics()
        ingestMetrics = IngestMetrics()
        processor = IngestProcessor(
            catalog: catalog, configuration: configuration, journal: journal, registry: registry,
            streams: try buffer.loadStreamStates(),
            routes: Self.routes(engine: engine, registry: registry, registryStore: registryStore, notices: notices),
            metrics: ingestMetrics, clock: clock)

        // Recovery: everything the journal holds beyond the committed position reached the
        // callback before the last stop but was never stored.
        let committed = try buffer.committedPosition() ?? journal.oldestPosition
        let snapshot = min(try buffer.streamSnapshotPosition() ?? committed, committed)
        replayedRecords = processor.recover(snapshot: snapshot, committed: committed)
        try journal.beginAppending()
        writer = BufferWriter(
            journal: journal, buffer: buffer, sequence: sequence, catalog: catalog, configuration: configuration,
            registry: registry, streams: try buffer.loadStreamStates(),
            meter: UsageMeter(
                profiles: Dictionary(
                    uniqueKeysWithValues: catalog.profiles.map { ($0.id, MeterProfile($0, keepalives: configuration.usage.gapKeepalives)) }),
                calendar: calendar, states: try buffer.loadMeterStates()),
            start: committed, snapshot: snapshot,
            metrics: ingestMetrics, clock: clock, logger: logger)

        mqtt = try Self.makeClient(
            configuration: configuration, catalog: catalog, processor: processor,
            commands: GatewayCommandTopics(site: configuration.site, engine: engine, logger: logger),
            outputs: outputs, logger: logger)
        outputs.attach(mqtt)
        notices.attach(mqtt)
        bridge = configuration.bridge.enabled
            ? try UpstreamBridge(
                configuration: configuration.bridge, site: configuration.site, sync: SyncReader(buffer: buffer, control: control),
                control: control, clock: clock, logger: logger)
            : nil
        startupIssues = issues
    }

    /// Where accepted messages go: the alert engine; and what a newly seen device triggers.
    private static func routes(
        engine: AlertEngine, registry: Registry, registryStore: RegistryStore, notices: OperatorNotices
    ) -> IngestProcessor.Routes {
        IngestProcessor.Routes(
            accepted: { message, entry in
                engine.submit(message, device: entry.device, resident: entry.resident)
            },
            newDevice: { device in
                registryStore.persistNew(device)
                notices.raise(
                    kind: OperatorNotices.unassignedDevice, subject: device.deviceId,
                    message: "device \(device.deviceId) (\(device.kind)) registered itself as unassigned; assign it to a room and resident")
                registryStore.refreshSupervision(of: engine)
            })
    }

    /// The rule settings in force: the catalogue's defaults, under a device model's defaults from
    /// its profile (as `rule@kind`), under the site's own `alerts.rules`. A site setting wins over a
    /// model default even though the engine ranks `rule@kind` above `rule`, so it is copied into
    /// every `rule@kind` entry the profiles created; the site's own `rule@kind` entries come last.
    static func ruleOverrides(configuration: GatewayConfiguration, catalog: ProfileCatalog) -> [String: [String: Double]] {
        var merged: [String: [String: Double]] = [:]
        for profile in catalog.profiles {
            for (rule, settings) in profile.ruleDefaults {
                merged["\(rule)@\(profile.kind)", default: [:]].merge(settings) { _, new in new }
            }
        }
        let site = configuration.alerts.rules
        for (rule, settings) in site where !rule.contains("@") {
            merged[rule, default: [:]].merge(settings) { _, new in new }
            for key in merged.keys where key.hasPrefix(rule + "@") {
                merged[key]!.merge(settings) { _, new in new }
            }
        }
        for (rule, settings) in site where rule.contains("@") {
            merged[rule, default: [:]].merge(settings) { _, new in new }
        }
        return merged
    }
}

/// A failure that stops the gateway from starting, with a sentence for the operator.
public struct GatewayError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
