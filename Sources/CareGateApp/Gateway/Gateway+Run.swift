import CareGateCore
import Logging
import ServiceLifecycle

extension Gateway {
    /// Runs the gateway until SIGTERM or SIGINT, then shuts down gracefully.
    ///
    /// Services start in this order and stop in reverse: storage, alert core, maintenance,
    /// retention, the upstream bridge (when enabled), reload (SIGHUP), HTTP, broker. So on shutdown the broker connection goes first (intake
    /// stops, "offline" is published), the alert lanes drain and their outputs flush, and the
    /// bulk writer stores everything the journal holds before the process exits.
    public func run(extraServices: [any Service] = []) async throws {
        logger.info(
            "gateway starting",
            metadata: [
                "site": "\(configuration.site)", "profiles": "\(profiles.catalog.profiles.count)",
                "devices": "\(registry.devices.count)", "replayed": "\(replayedRecords)",
            ])
        for issue in startupIssues { logger.warning("configuration problem", metadata: ["issue": "\(issue)"]) }
        let services: [ServiceGroupConfiguration.ServiceConfiguration] =
            [
                .init(service: StorageService(gateway: self), serviceName: "storage"),
                .init(service: AlertCoreService(gateway: self), serviceName: "alerts"),
                .init(service: MaintenanceService(gateway: self), serviceName: "maintenance"),
                .init(service: RetentionService(gateway: self), serviceName: "retention"),
            ] + (bridge.map { [.init(service: BridgeService(bridge: $0), serviceName: "bridge")] } ?? []) + [
                .init(service: ReloadService(gateway: self), serviceName: "reload"),
            ] + extraServices.map { .init(service: $0) } + [
                .init(
                    service: BrokerService(gateway: self, prerequisites: extraServices.compactMap { $0 as? any ReadinessPrerequisite }),
                    serviceName: "broker")
            ]
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(60)
        try await ServiceGroup(configuration: configuration).run()
        logger.info("gateway stopped")
    }
}

/// The bulk writer: started first, stopped last, after it has stored everything processed.
struct StorageService: Service {
    let gateway: Gateway

    func run() async throws {
        gateway.writer.start()
        try? await gracefulShutdown()
        await gateway.writer.stop()
        gateway.registryStore.flushStatuses()
        gateway.registryStore.flush()
        gateway.notices.flush()
        gateway.journal.sync()
    }
}

/// The alert core: its lanes run from construction; on shutdown they drain and the outputs flush.
struct AlertCoreService: Service {
    let gateway: Gateway

    func run() async throws {
        try? await gracefulShutdown()
        await gateway.engine.shutdown()
        gateway.outputs.flush()
        gateway.broadcast.finish()
    }
}

/// The broker connection: connects, reports READY to systemd once subscribed (and once the
/// `prerequisites`, such as the HTTP API, serve), and on shutdown stops intake first and
/// publishes the gateway's "offline" availability.
struct BrokerService: Service {
    let gateway: Gateway
    var prerequisites: [any ReadinessPrerequisite] = []

    func run() async throws {
        try gateway.mqtt.start()
        let readiness = Task {
            while !Task.isCancelled {
                do {
                    try await gateway.mqtt.waitUntilReady(timeout: .seconds(30))
                    for prerequisite in prerequisites { await prerequisite.waitUntilServing() }
                    guard !Task.isCancelled else { return }
                    gateway.notifier.ready(status: "ingesting from \(gateway.configuration.broker.url)")
                    gateway.logger.info("gateway ready", metadata: ["broker": "\(gateway.configuration.broker.url)"])
                    return
                } catch {
                    gateway.logger.warning("waiting for the broker", metadata: ["error": "\(error)"])
                }
            }
        }
        try? await gracefulShutdown()
        readiness.cancel()
        gateway.notifier.stopping()
        gateway.logger.info("gateway stopping: closing the broker connection")
        await gateway.mqtt.stop(graceful: true)
    }
}
