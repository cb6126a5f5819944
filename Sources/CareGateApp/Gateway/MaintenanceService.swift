import CareGateStorage
import ServiceLifecycle

/// Periodic housekeeping: flushes device observations to the registry, watches the disk reserve,
/// and pings the systemd watchdog at half its interval while the alert core is alive, so a stuck
/// lane gets the gateway restarted.
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
                    gateway.watchDiskReserve()
                    sinceFlush = .zero
                }
            }
        }
    }
}

extension Gateway {
    /// A released reserve means the disk filled up: tell IT, and take the space back when it
    /// returns.
    func watchDiskReserve() {
        guard !reserve.isHeld else { return }
        if reserve.restore() {
            notices.clear(kind: OperatorNotices.diskFull, subject: paths.stateDirectory)
            logger.notice("disk space is back; the alert reserve is allocated again")
        } else {
            notices.raise(
                kind: OperatorNotices.diskFull, subject: paths.stateDirectory,
                message: "the disk holding \(paths.stateDirectory) is full: telemetry is dropped (counted), alerts use the reserved space")
        }
    }
}
