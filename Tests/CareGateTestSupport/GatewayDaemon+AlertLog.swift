import CareGateCore
import Foundation

extension GatewayDaemon {
    /// The transitions in the daemon's alert log so far.
    public func alertTransitions() -> [AlertTransition] {
        guard let data = FileManager.default.contents(atPath: alertLog) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONDecoder().decode(AlertTransition.self, from: Data($0)) }
    }

    /// Waits for an alert log line matching `predicate` (polled every `interval`) and returns it;
    /// on timeout the error shows the alert log and the end of the daemon's output.
    @discardableResult
    public func waitForAlert(
        timeout: Duration = .seconds(30), polling interval: Duration = .milliseconds(25), _ what: String,
        _ predicate: (AlertTransition) -> Bool
    ) async throws -> AlertTransition {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let found = alertTransitions().first(where: predicate) { return found }
            try await Task.sleep(for: interval)
        }
        let log = alertTransitions().map(\.jsonLine).joined(separator: "\n")
        throw ChildProcess.Failure(description: "timed out waiting for \(what); alert log:\n\(log)\n\(output.suffix(3000))")
    }
}
