import CareGateCore
import CareGateTestSupport
import Foundation
import Testing

extension ResilienceSuite {
    /// mosquitto stopped and started again under QoS 1 load, N times. The gateway must reconnect
    /// by itself within 2 s of the broker's return (jittered backoff, reconnect_max_ms 2000),
    /// resume its persistent session, and lose nothing.
    @Suite(.serialized, .timeLimit(.minutes(15)))
    struct BrokerLoss {
        @Test func brokerRestartUnderQoS1Load() async throws {
            let trials = Resilience.setting("CAREGATE_RESILIENCE_BROKER_TRIALS", default: 5)
            let site = try await ResilienceSite.start()
            let device = "vr-broker"
            var nextSeq: Int64 = 1
            var acked: Set<Int64> = []
            var reconnects: [Double] = []
            var firstStored: [Double] = []
            var unacked = 0
            for trial in 1...trials {
                let client = try await site.publisher("load-\(trial)")
                let load = LoadPublisher(client: client, device: device, firstSeq: nextSeq)
                let running = Task { await load.run() }
                try await Task.sleep(for: .milliseconds(500))
                let connectionsBefore = Self.connections(site)
                await site.broker.stop()
                try await Task.sleep(for: .seconds(1))
                try await site.broker.restart()
                let back = ContinuousClock.now
                let seqAtReturn = load.nextSeq
                let reconnected = await ResilienceSite.wait(timeout: .seconds(20)) { Self.connections(site) > connectionsBefore }
                reconnects.append(reconnected ? Crash.seconds(ContinuousClock.now - back) : .infinity)
                let newStored = await ResilienceSite.wait(timeout: .seconds(20)) {
                    try site.storedSeqs(device: device).keys.contains { $0 >= seqAtReturn }
                }
                firstStored.append(newStored ? Crash.seconds(ContinuousClock.now - back) : .infinity)
                try await Task.sleep(for: .milliseconds(300))
                load.stop()
                await running.value
                _ = await load.waitForAcks(timeout: .seconds(15))
                acked.formUnion(load.acked())
                unacked += load.published - load.acked().count
                nextSeq = load.nextSeq
                await client.stop()
            }
            let complete = await ResilienceSite.wait(timeout: .seconds(60)) {
                let stored = try site.storedSeqs(device: device)
                return acked.allSatisfy { stored[$0] != nil }
            }
            let stored = try site.storedSeqs(device: device)
            let lost = acked.filter { stored[$0] == nil }.count
            let duplicatedRows = stored.values.reduce(0) { $0 + max(0, $1 - 1) }
            let worst = reconnects.max() ?? .infinity
            let passed = complete && lost == 0 && duplicatedRows == 0 && worst <= 2.0
            Resilience.record(.init(
                caseName: "broker loss: restart under QoS 1 load", trials: trials, lost: lost, duplicated: duplicatedRows,
                recoveredIn: "max \(Resilience.seconds(worst)) (broker back → mqtt connected)",
                status: passed ? .pass : .fail,
                notes: "\(acked.count) acked, \(stored.count) stored, \(site.counter("duplicates")) redeliveries recognised; first message published after the return stored after max \(Resilience.seconds(firstStored.max() ?? .infinity)) (includes the test publisher's own reconnect); \(unacked) publishes never acked by the broker (not counted)",
                details: [
                    "reconnect_seconds": reconnects.map { String(format: "%.2f", $0) }.joined(separator: ","),
                    "first_new_stored_seconds": firstStored.map { String(format: "%.2f", $0) }.joined(separator: ","),
                ]))
            #expect(lost == 0)
            #expect(duplicatedRows == 0)
            #expect(worst <= 2.0, "reconnect times \(reconnects)")
            await site.shutdown()
        }

        static func connections(_ site: ResilienceSite) -> Int {
            site.daemon.output.components(separatedBy: "msg=\"mqtt connected\"").count - 1
        }
    }
}
