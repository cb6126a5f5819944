import ArgumentParser
import CMalloc
import CareGateApp
import Glibc
import Logging

/// `caregated`: the CareGate gateway daemon. Run under systemd (`Type=notify`); also runs in a
/// terminal for trials: `caregated --broker mqtt://127.0.0.1:1883 --state-dir /tmp/x`.
@main
struct CareGated: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caregated",
        abstract: "The CareGate gateway: ingests assistive-device MQTT traffic, raises alerts, buffers data for platforms.",
        discussion: "SIGTERM/SIGINT stop it gracefully; SIGHUP reopens the alert log and reloads the registry seed.")

    @OptionGroup var options: GatewayOptions

    /// glibc malloc arenas (`M_ARENA_MAX`).
    static let mallocArenas: Int32 = 2

    func run() async throws {
        // The databases, journal, operator token and alert log are for the service user only,
        // also when the daemon is started outside the unit (which sets UMask=0077 itself).
        umask(0o077)
        // glibc gives each thread that meets a locked heap an arena of its own (up to 8 per
        // core), and each keeps its freed memory: with the lanes, the writer, the MQTT and HTTP
        // threads that was about 7 MiB of RSS on 2 cores (BENCHMARKS.md). Two arenas, before the
        // gateway starts its threads.
        _ = mallopt(M_ARENA_MAX, Self.mallocArenas)
        let loaded = options.resolve()
        guard loaded.problems.isEmpty else {
            for problem in loaded.problems { printError(problem) }
            printError("caregated: not started; fix the configuration (caregate check-config shows every problem)")
            throw ExitCode(78)  // EX_CONFIG
        }
        LoggingSystem.bootstrapLogfmt(level: loaded.configuration.log.level)
        // Before the gateway exists: it creates its metric handles as it is built.
        let metrics = PrometheusMetrics.bootstrap()
        let logger = Logger(label: "caregated")
        let gateway: Gateway
        let http: HTTPService
        do {
            gateway = try Gateway(configuration: loaded.configuration, logger: logger)
            http = try gateway.makeHTTPService(metrics: metrics)
        } catch {
            logger.critical("gateway could not start", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        try await gateway.run(extraServices: [http])
    }

    private func printError(_ text: String) {
        var standardError = StandardError()
        print(text, to: &standardError)
    }
}
