import Foundation

/// What every phase needs: where to put its files, the binaries and profiles, the fleet, and the
/// sizes the user asked for.
struct BenchEnvironment: Sendable {
    /// A fresh directory for this run's brokers, state directories and logs.
    let runDirectory: String
    let caregated: String
    let devicesDirectory: String
    let naiveGateway: String
    let fleet: BenchFleet
    /// Messages per throughput run.
    let messages: Int
    let log: @Sendable (String) -> Void

    /// Runs `body` with a fresh broker in its own sub-directory of the run, then stops the broker.
    func withBroker<Value: Sendable>(_ name: String, _ body: (BenchBroker) async throws -> Value) async throws -> Value {
        let broker = try await BenchBroker.start(in: runDirectory + "/" + name + "/broker")
        do {
            let value = try await body(broker)
            await broker.stop()
            return value
        } catch {
            await broker.stop()
            throw error
        }
    }

    /// The telemetry topics of every watch in the fleet, the load's round-robin.
    var telemetryTopics: [String] { (0..<fleet.wearables).map(fleet.telemetryTopic(wearable:)) }

    /// Polls `read` every `interval` until it reaches `expected` or stops moving for `stall`; returns
    /// the last value and the wall time it was first seen.
    static func waitForCount(
        expected: Int, stall: Duration = .seconds(10), interval: Duration = .milliseconds(20), _ read: () throws -> Int
    ) async throws -> (count: Int, at: UInt64) {
        var last = try read()
        var changedAt = Clock.wall()
        var changedMonotonic = ContinuousClock.now
        while last < expected && ContinuousClock.now - changedMonotonic < stall {
            try await Task.sleep(for: interval)
            let now = try read()
            if now != last {
                last = now
                changedAt = Clock.wall()
                changedMonotonic = ContinuousClock.now
            }
        }
        return (last, changedAt)
    }

    static func mebibytes(_ bytes: Int) -> Double { Double(bytes) / 1_048_576 }
}
