import CareGateCore
import CareGateTestSupport
import Foundation
import Testing

extension ResilienceSuite {
    /// `kill -9` of the daemon at random moments under QoS 1 load. Every message is accounted for:
    /// acknowledged by the broker, stored (rows in buffer.sqlite), redelivered (recognised as a
    /// duplicate), lost (acknowledged, never stored) and duplicated (stored twice).
    @Suite(.serialized, .timeLimit(.minutes(20)))
    struct Crash {
        @Test func killMinus9UnderQoS1Load() async throws {
            let trials = Resilience.setting("CAREGATE_RESILIENCE_CRASH_TRIALS", default: 20)
            let seed = UInt64(Resilience.setting("CAREGATE_RESILIENCE_SEED", default: Int(UInt32.random(in: 1...UInt32.max))))
            var random = SeededRandom(seed: seed)
            let site = try await ResilienceSite.start()
            let device = "vr-crash"
            var nextSeq: Int64 = 1
            var ranges: [ClosedRange<Int64>] = []
            var acked: Set<Int64> = []
            var restarts: [Double] = []
            var killedAtCounts: [Int] = []
            for trial in 1...trials {
                let client = try await site.publisher("load-\(trial)")
                let load = LoadPublisher(client: client, device: device, firstSeq: nextSeq)
                let running = Task { await load.run() }
                // A random moment: somewhere in the first 0.1–1.5 s of this trial's load.
                try await Task.sleep(for: .milliseconds(Int(100 + random.next() % 1400)))
                killedAtCounts.append(site.telemetryCount())
                await site.daemon.kill()
                let killed = ContinuousClock.now
                try await site.daemon.start()
                restarts.append(Self.seconds(ContinuousClock.now - killed))
                try await Task.sleep(for: .milliseconds(200))
                load.stop()
                await running.value
                let allAcked = await load.waitForAcks()
                #expect(allAcked, "trial \(trial): the broker did not acknowledge every publish")
                let trialAcked = load.acked()
                acked.formUnion(trialAcked)
                ranges.append(nextSeq...max(nextSeq, load.nextSeq - 1))
                nextSeq = load.nextSeq
                await client.stop()
            }
            // Everything acknowledged must arrive (queued at the broker, or replayed from the journal).
            let complete = await ResilienceSite.wait(timeout: .seconds(120)) {
                let stored = try site.storedSeqs(device: device)
                return acked.allSatisfy { stored[$0] != nil }
            }
            let stored = try site.storedSeqs(device: device)
            let lostSeqs = acked.filter { stored[$0] == nil }.sorted()
            let duplicatedRows = stored.values.reduce(0) { $0 + max(0, $1 - 1) }
            let redelivered = site.counter("duplicates")
            let perTrialLost = ranges.map { range in lostSeqs.filter { range.contains($0) }.count }
            let sortedRestarts = restarts.sorted()
            let p50 = sortedRestarts[sortedRestarts.count / 2]
            let maxRestart = sortedRestarts.last ?? 0
            let passed = complete && lostSeqs.isEmpty && duplicatedRows == 0
            Resilience.record(.init(
                caseName: "crash: kill -9 under QoS 1 load", trials: trials, lost: lostSeqs.count, duplicated: duplicatedRows,
                recoveredIn: "p50 \(Resilience.seconds(p50)), max \(Resilience.seconds(maxRestart)) (kill → READY=1)",
                status: passed ? .pass : .fail,
                notes: "\(acked.count) acked by the broker, \(Set(stored.keys).count) stored, \(redelivered) redeliveries recognised as duplicates",
                details: [
                    "seed": String(seed), "published": String(nextSeq - 1), "lost_per_trial": perTrialLost.map(String.init).joined(separator: ","),
                    "lost_seqs": lostSeqs.prefix(20).map(String.init).joined(separator: ","),
                    "restart_seconds": restarts.map { String(format: "%.2f", $0) }.joined(separator: ","),
                ]))
            #expect(lostSeqs.isEmpty, "lost: \(lostSeqs.prefix(20))")
            #expect(duplicatedRows == 0)
            await site.shutdown()
        }

        private static let nightSeed = """
            residents:
              - ref: R-1
                fall_risk: standard
            devices:
              - id: w-1
                profile: caregate.wearable
                resident: R-1
            """

        /// An open alert whose escalation timer is running survives `kill -9`: it escalates on
        /// time after the restart, once; the device repeating its event raises nothing new.
        @Test func openAlertAndTimerSurviveKillMinus9() async throws {
            let escalateAfter = 4
            let site = try await ResilienceSite.start(
                config: "alerts:\n  rules:\n    lifecycle: { escalate_high_tier2_s: \(escalateAfter), escalate_high_tier3_s: 600, renotify_high_s: 600 }\n",
                seed: Self.nightSeed)
            let devices = try await site.publisher()
            let ts = ResilienceSite.now()
            let event = #"{"ts":\#(ts),"seq":7,"type":"sos","data":{}}"#
            try devices.publish("care/t1/wearable/w-1/event", event)
            let raised = try await site.waitForAlert("sos raised") { $0.rule == "sos" && $0.transition == .raised }
            await site.daemon.kill()
            let killed = ContinuousClock.now
            try await site.daemon.start()
            let ready = ContinuousClock.now - killed
            // The device (or the broker) repeats the event after the restart.
            try devices.publish("care/t1/wearable/w-1/event", event)
            try devices.publish("care/t1/wearable/w-1/event", event)
            let escalated = try await site.waitForAlert("escalation after the restart") {
                $0.transition == .escalated && $0.alertId == raised.alertId
            }
            try await Task.sleep(for: .seconds(1))
            let log = site.alerts()
            let raisedCount = log.filter { $0.rule == "sos" && $0.transition == .raised }.count
            let escalations = log.filter { $0.alertId == raised.alertId && $0.transition == .escalated }.count
            let late = Double(escalated.at - raised.raisedAt) / 1000 - Double(escalateAfter)
            let duplicatesRecognised = await ResilienceSite.wait(timeout: .seconds(10)) { site.counter("duplicates") >= 2 }
            let passed = raisedCount == 1 && escalations == 1 && escalated.tier == 2 && late >= 0 && late < 2 && duplicatesRecognised
            Resilience.record(.init(
                caseName: "crash: open alert + escalation timer", trials: 1, lost: raisedCount >= 1 && escalations >= 1 ? 0 : 1,
                duplicated: raisedCount - 1, recoveredIn: Resilience.seconds(ready), status: passed ? .pass : .fail,
                notes: String(format: "escalated %.2f s after its due time; redelivered event: %d raised in total, %lld duplicates recognised", late, raisedCount, site.counter("duplicates"))))
            #expect(passed)
            await devices.stop()
            await site.shutdown()
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }
}

/// A small deterministic generator, so a run repeats with the seed it reports.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
