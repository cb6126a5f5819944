import CareGateStorage
import CoreMetrics

/// The upstream bridge's metric handles: records the cloud broker acknowledged per stream, the
/// connection state, and per stream the age of the oldest record not yet synced.
final class BridgeMetrics: Sendable {
    private let acknowledged: [SyncStream: Counter]
    private let lag: [SyncStream: Gauge]
    let connected = Gauge(label: "caregate_bridge_connected")

    init() {
        acknowledged = Dictionary(uniqueKeysWithValues: SyncStream.allCases.map {
            ($0, Counter(label: "caregate_bridge_records_total", dimensions: [("stream", $0.rawValue)]))
        })
        lag = Dictionary(uniqueKeysWithValues: SyncStream.allCases.map {
            ($0, Gauge(label: "caregate_bridge_lag_seconds", dimensions: [("stream", $0.rawValue)]))
        })
    }

    /// One record of `stream` acknowledged (a record published again after a reconnect counts again).
    func recordAcknowledged(_ stream: SyncStream) {
        acknowledged[stream]?.increment()
    }

    /// Seconds since the oldest record of `stream` that is not yet synced arrived; 0 when caught up.
    func recordLag(_ stream: SyncStream, seconds: Double) {
        lag[stream]?.record(seconds)
    }
}
