import CareGateCore
import CareGateHTTP
import CareGateStorage
import Foundation
import Logging

extension Gateway {
    /// Builds the HTTP API service for `run(extraServices:)`: creates the operator token if
    /// missing, brings the configuration file's consumers into `alerts.sqlite`, and wires the API
    /// to this gateway's engine, registry, buffer and metrics.
    ///
    /// - Parameter metrics: the process's Prometheus registry (`PrometheusMetrics.bootstrap()`);
    ///   without it `/metrics` answers 404.
    public func makeHTTPService(metrics: PrometheusMetrics? = nil) throws -> HTTPService {
        guard let (host, port) = Self.listenAddress(configuration.http.listen) else {
            throw GatewayError("http.listen must be HOST:PORT, found '\(configuration.http.listen)'")
        }
        // A port file from an earlier run would point clients at the wrong port until we bind.
        unlink(paths.httpPort)
        let token = try OperatorToken.ensure(at: paths.operatorToken)
        let consumers = ConsumerDirectory(control: control, clock: clock)
        do {
            try consumers.prepare(declared: configuration.storedConsumers, operatorTokenSHA256: AccessToken.hash(token))
        } catch let error as ConsumerStoreError {
            throw GatewayError("consumers: \(error.reason)")
        }
        var httpLogger = logger
        httpLogger[metadataKey: "component"] = "http"
        let sync = SyncReader(buffer: buffer, control: control)
        let sampler = IngestRateSampler()
        let services = APIServices(
            consumers: consumers, sync: sync,
            alerts: EngineAlertDesk(engine: engine, control: control, broadcast: broadcast, clock: clock, logger: httpLogger),
            registry: LiveRegistryDesk(
                registry: registry, store: registryStore, control: control, engine: engine, catalog: profiles.catalog, clock: clock),
            monitor: LiveGatewayMonitor(gateway: self, sync: sync, consumers: consumers, rates: sampler, metricsRegistry: metrics),
            metering: LiveMeteringDesk(
                buffer: buffer, control: control, registry: registry, sequence: sequence, calendar: calendar, clock: clock),
            clock: clock)
        let server = APIServer(
            configuration: APIServerConfiguration(host: host, port: port, maxBodyBytes: configuration.http.maxBodyBytes),
            services: services, logger: httpLogger)
        return HTTPService(server: server, portFile: paths.httpPort, sampler: sampler, buffer: buffer, clock: clock, logger: httpLogger)
    }

    /// `HOST:PORT` with the brackets of an IPv6 host (`[::1]:8080`) removed.
    public static func listenAddress(_ text: String) -> (host: String, port: Int)? {
        guard let (host, port) = GatewayConfiguration.hostPort(text) else { return nil }
        guard host.hasPrefix("["), host.hasSuffix("]") else { return (host, port) }
        return (String(host.dropFirst().dropLast()), port)
    }
}
