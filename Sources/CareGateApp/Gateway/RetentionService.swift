import CareGateHTTP
import CareGateStorage
import Dispatch
import ServiceLifecycle

/// Runs the retention pass every `retention.interval_s`: telemetry is rolled up, records past
/// their age or over their class's byte budget are purged (never ahead of a required consumer,
/// except raw telemetry when its budget forces it), and the files are vacuumed and checkpointed.
struct RetentionService: Service {
    let gateway: Gateway

    func run() async throws {
        let interval = Duration.seconds(gateway.configuration.retention.intervalSeconds)
        let gateway = self.gateway
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await gateway.runRetention()
            }
        }
    }
}

extension Gateway {
    private static let retentionQueue = DispatchQueue(label: "caregate.retention", qos: .utility)

    /// One retention pass off the cooperative pool; forced drops raise the `budget_purge` notice,
    /// which a pass without them clears.
    func runRetention() async {
        let now = clock.now()
        do {
            // Its own queue: a pass over a large buffer takes a while and must not hold up the
            // API's storage calls.
            let report = try await BlockingIO.run(on: Self.retentionQueue) { [retention] in try retention.run(now: now) }
            retentionMetrics.record(report)
            for step in report.purged {
                logger.info(
                    "retention purged records",
                    metadata: ["class": "\(step.dataClass)", "reason": "\(step.reason)", "rows": "\(step.rows)"])
            }
            if report.forced > 0 {
                notices.raise(
                    kind: OperatorNotices.budgetPurge, subject: RetentionClass.telemetry.rawValue,
                    message: "telemetry over its byte budget (retention.telemetry.max_mib): \(report.forced) readings a required consumer had not committed were dropped, oldest first")
            } else {
                notices.clear(kind: OperatorNotices.budgetPurge, subject: RetentionClass.telemetry.rawValue)
            }
        } catch {
            logger.error("retention pass failed", metadata: ["error": "\(error)"])
        }
    }
}
