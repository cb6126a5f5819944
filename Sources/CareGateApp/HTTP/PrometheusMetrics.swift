import CoreMetrics
import Prometheus

/// The process's metrics in Prometheus form: `bootstrap()` makes every swift-metrics handle in
/// the process (ingest, alerts, HTTP) record into one registry, which `/metrics` renders.
///
/// Bootstrap once, at the top of the daemon's main and before the `Gateway` is built: the
/// gateway creates its metric handles in its initializer, and handles made before the bootstrap
/// would record nowhere.
public final class PrometheusMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry

    private init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Installs the Prometheus factory for the whole process (swift-metrics allows this once).
    public static func bootstrap() -> PrometheusMetrics {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return PrometheusMetrics(registry: registry)
    }

    /// The text exposition format (version 0.0.4).
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
