import CareGateCore
import CareGateStorage

/// Everything the API serves from: the consumers and their cursors, the sync streams, and the
/// gateway's alert core, registry, rental metering and monitoring behind their ports.
public struct APIServices: Sendable {
    public var consumers: ConsumerDirectory
    public var sync: SyncReader
    public var alerts: any AlertDesk
    public var registry: any RegistryDesk
    public var monitor: any GatewayMonitor
    /// Rental metering; nil on a server without it (the rental endpoints then answer 503).
    public var metering: (any MeteringDesk)?
    public var clock: any GatewayClock

    public init(
        consumers: ConsumerDirectory, sync: SyncReader, alerts: any AlertDesk, registry: any RegistryDesk,
        monitor: any GatewayMonitor, metering: (any MeteringDesk)? = nil, clock: any GatewayClock
    ) {
        self.consumers = consumers
        self.sync = sync
        self.alerts = alerts
        self.registry = registry
        self.monitor = monitor
        self.metering = metering
        self.clock = clock
    }
}
