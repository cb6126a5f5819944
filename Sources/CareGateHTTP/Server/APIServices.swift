import CareGateCore
import CareGateStorage

/// Everything the API serves from: the consumers and their cursors, the sync streams, and the
/// gateway's alert core, registry and monitoring behind their ports.
public struct APIServices: Sendable {
    public var consumers: ConsumerDirectory
    public var sync: SyncReader
    public var alerts: any AlertDesk
    public var registry: any RegistryDesk
    public var monitor: any GatewayMonitor
    public var clock: any GatewayClock

    public init(
        consumers: ConsumerDirectory, sync: SyncReader, alerts: any AlertDesk, registry: any RegistryDesk,
        monitor: any GatewayMonitor, clock: any GatewayClock
    ) {
        self.consumers = consumers
        self.sync = sync
        self.alerts = alerts
        self.registry = registry
        self.monitor = monitor
        self.clock = clock
    }
}

/// How the API server listens and streams.
public struct APIServerConfiguration: Sendable, Hashable {
    public var host: String
    /// 0 picks a free port (reported through `run`'s `onBound`).
    public var port: Int
    /// Larger request bodies get 413.
    public var maxBodyBytes: Int
    /// Comment lines sent on an idle SSE stream, so proxies and clients see the connection live.
    public var heartbeat: Duration = .seconds(15)
    /// Records read per database round trip when streaming NDJSON.
    public var streamBatch: Int = 2048
    /// Default and largest `limit` of a JSON page.
    public var defaultPageSize: Int = 1000
    public var maxPageSize: Int = 10_000

    public init(host: String, port: Int, maxBodyBytes: Int) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
    }
}
