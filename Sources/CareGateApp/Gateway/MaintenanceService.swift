import CareGateCore
import CareGateStorage
import ServiceLifecycle

/// Periodic housekeeping: flushes device observations to the registry, watches the disk reserve,
/// finalises the usage records of past days, and pings the systemd watchdog at half its interval while the alert core is alive, so a stuck
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
                    gateway.finaliseUsage()
                    sinceFlush = .zero
                }
            }
        }
    }
}

extension Gateway {
    /// Finalises the usage of every site-local day that ended at least `usage.finalise_after_s`
    /// ago: each open row becomes a record with a gateway sequence number, served by
    /// `GET /v1/usage`. A failure is logged and retried at the next tick (the rows stay open).
    func finaliseUsage() {
        let now = clock.now()
        let lastDay = calendar.dayNumber(now - EpochMillis(configuration.usage.finaliseAfterSeconds) * 1000) - 1
        do {
            let count = try buffer.finaliseUsage(through: lastDay, calendar: calendar, sequence: sequence, at: now)
            if count > 0 { logger.info("usage finalised", metadata: ["records": "\(count)", "through": "\(calendar.isoDate(day: lastDay))"]) }
        } catch {
            logger.error("usage finalisation failed; retrying", metadata: ["error": "\(error)"])
        }
    }

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
