import CareGateAlerts
import CareGateCore
import CareGateHTTP
import CareGateStorage
import Foundation

/// The API's view of the running gateway: health from `healthProblems()`, the status screen,
/// Prometheus metrics and operator notices.
struct LiveGatewayMonitor: GatewayMonitor {
    let gateway: Gateway
    let sync: SyncReader
    let consumers: ConsumerDirectory
    let rates: IngestRateSampler
    let metricsRegistry: PrometheusMetrics?

    /// Offline devices listed by name on the status screen; the rest are counted.
    static let offlineListLimit = 100

    func health() -> HealthReport {
        HealthReport(live: gateway.isAlive, problems: gateway.healthProblems())
    }

    func metrics() -> [UInt8]? {
        metricsRegistry?.exposition()
    }

    func notices() async throws -> [OperatorNotice] {
        try await BlockingIO.run { [control = gateway.control] in try control.openNotices() }
    }

    func status() async throws -> StatusReport {
        let now = gateway.clock.now()
        let counters = try await BlockingIO.run { [buffer = gateway.buffer] in try buffer.counters() }
        rates.record(counters, at: now)
        let (window, perSecond) = rates.rates()
        let statistics = gateway.mqtt.statistics
        let open = gateway.engine.openAlerts()
        var bySeverity: [String: Int] = [:]
        for severity in AlertSeverity.allCases { bySeverity[severity.rawValue] = open.filter { $0.severity == severity }.count }
        return StatusReport(
            site: gateway.configuration.site, at: now, health: health(),
            broker: StatusReport.Broker(
                url: gateway.configuration.broker.url, state: "\(gateway.mqtt.state)", ready: gateway.mqtt.isReady,
                connects: statistics.connects, disconnects: statistics.disconnects, lastError: statistics.lastError.map { "\($0)" }),
            ingest: StatusReport.Ingest(windowSeconds: window, perSecond: perSecond, totals: IngestRateSampler.totals(counters)),
            alerts: StatusReport.Alerts(open: open.count, bySeverity: bySeverity),
            buffer: try await buffer(),
            devices: devices(now: now),
            bridge: gateway.bridge.map(Self.bridge))
    }

    private static func bridge(_ bridge: UpstreamBridge) -> StatusReport.Bridge {
        let statistics = bridge.client.statistics
        return StatusReport.Bridge(
            broker: StatusReport.Broker(
                url: bridge.configuration.broker.url, state: "\(bridge.client.state)", ready: bridge.client.isReady,
                connects: statistics.connects, disconnects: statistics.disconnects, lastError: statistics.lastError.map { "\($0)" }),
            inFlight: bridge.inFlight)
    }

    private func buffer() async throws -> StatusReport.Buffer {
        let required = try await consumers.requiredCursors()
        var streams: [StatusReport.StreamUse] = []
        for stream in SyncStream.allCases {
            let extent = try await sync.extent(stream)
            streams.append(StatusReport.StreamUse(
                stream: stream.rawValue, firstSeq: extent.firstSeq, lastSeq: extent.lastSeq, oldestAt: extent.oldestAt,
                requiredCursor: required[stream.rawValue]))
        }
        let paths = gateway.paths
        var files: [String: Int64] = [:]
        for (name, path) in [("buffer.sqlite", paths.buffer), ("alerts.sqlite", paths.control)] {
            files[name] = Self.size(of: path) + Self.size(of: path + "-wal")
        }
        files["journal"] = Self.directorySize(paths.journal)
        return StatusReport.Buffer(streams: streams, files: files)
    }

    /// Devices whose availability says offline, that have been silent past their profile's
    /// keep-alive, or that never spoke.
    private func devices(now: EpochMillis) -> StatusReport.Devices {
        let devices = gateway.registry.devices
        let byId = Dictionary(devices.map { ($0.deviceId, $0) }, uniquingKeysWith: { first, _ in first })
        var offline: [StatusReport.OfflineDevice] = []
        for watch in gateway.registryStore.supervision().sorted(by: { $0.deviceId < $1.deviceId }) {
            guard let device = byId[watch.deviceId] else { continue }
            let reason: String
            if gateway.registry.status(watch.deviceId)?.online == false {
                reason = "offline"
            } else if let lastSeen = watch.lastSeen {
                guard let keepAlive = watch.keepAliveSeconds, now - lastSeen > EpochMillis(keepAlive * 1000) else { continue }
                reason = "silent"
            } else {
                reason = "never_seen"
            }
            offline.append(StatusReport.OfflineDevice(
                deviceId: device.deviceId, kind: device.kind.rawValue, room: device.room, lastSeen: watch.lastSeen, reason: reason))
        }
        return StatusReport.Devices(
            registered: devices.count, unassigned: devices.filter { $0.assignment == .unassigned }.count,
            offlineCount: offline.count, offline: Array(offline.prefix(Self.offlineListLimit)))
    }

    private static func size(of path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    private static func directorySize(_ path: String) -> Int64 {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.reduce(0) { $0 + size(of: path + "/" + $1) }
    }
}
