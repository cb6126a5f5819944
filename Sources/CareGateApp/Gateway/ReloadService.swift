import ServiceLifecycle
import UnixSignals

/// SIGHUP: reopens the alert log (after logrotate moved it) and reloads the registry seed,
/// reporting what it could not reload. Nothing in flight is lost: ingest and the alert core keep
/// running throughout.
struct ReloadService: Service {
    let gateway: Gateway

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        let gateway = self.gateway
        try? await cancelWhenGracefulShutdown {
            for await _ in signals {
                gateway.reload()
            }
        }
    }
}

extension Gateway {
    /// What SIGHUP does; returns the problems it met (also logged).
    @discardableResult
    func reload() -> [String] {
        notifier.reloading()
        var problems: [String] = []
        do {
            try outputs.reopenAlertLog()
        } catch {
            problems.append("alert log not reopened: \(error)")
        }
        if let seed = configuration.registrySeed {
            problems += registryStore.applySeed(path: seed).map(\.description)
            registryStore.refreshSupervision(of: engine)
        }
        for problem in problems { logger.warning("reload problem", metadata: ["problem": "\(problem)"]) }
        logger.notice("reloaded", metadata: ["problems": "\(problems.count)"])
        notifier.ready(status: "reloaded")
        return problems
    }
}
