import ServiceLifecycle

/// Periodic housekeeping: flushes device observations to the registry and pings the systemd
/// watchdog at half its interval while the alert core is alive, so a stuck lane gets the
/// gateway restarted.
struct MaintenanceService: Service {
    let gateway: Gateway

    /// How often observations are saved.
    static let flushInterval: Duration = .seconds(5)

    func run() async throws {
        let watchdog = gateway.notifier.watchdogInterval.map { $0 / 2 }
        let tick = min(watchdog ?? Self.flushInterval, Self.flushInterval)
        let gateway = self.gateway
        try? await cancelWhenGracefulShutdown {
            var sinceFlush: Duration = .zero
            while !Task.isCancelled {
                if watchdog != nil, gateway.isAlive { gateway.notifier.watchdog() }
                try await Task.sleep(for: tick)
                sinceFlush += tick
                if sinceFlush >= Self.flushInterval {
                    gateway.registryStore.flushStatuses()
                    sinceFlush = .zero
                }
            }
        }
    }
}
