import ServiceLifecycle
import UnixSignals

/// SIGHUP: reopens the alert log (after logrotate moved it) and reloads an edited registry seed,
/// reporting what it could not reload. Device profiles are compiled into the decoders at start:
/// changed profile files are checked and reported ("applied at the next restart") rather than
/// swapped under running decoders. Nothing in flight is lost: ingest and the alert core keep
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
        problems += profileChanges()
        for problem in problems { logger.warning("reload problem", metadata: ["problem": "\(problem)"]) }
        logger.notice("reloaded", metadata: ["problems": "\(problems.count)"])
        notifier.ready(status: "reloaded")
        return problems
    }

    /// What changed in the devices directory since start, as reload problems: the profiles in
    /// use stay until a restart, and any issue the changed files have is named now, so the
    /// restart does not bring a surprise.
    private func profileChanges() -> [String] {
        let directory = configuration.devicesDirectory
        guard let current = try? ProfileLibrary.load(directory: directory) else {
            return ["device profiles: \(directory) cannot be read; the profiles loaded at start stay in use"]
        }
        guard current.fingerprint != profiles.fingerprint else { return [] }
        return ["device profiles in \(directory) changed since start: they are applied at the next restart (systemctl restart caregated)"]
            + current.issues.map { "device profiles: \($0.description)" }
    }
}
