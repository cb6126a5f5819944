import CareGateCore
import CareGateTestSupport
import Foundation
import GRDB
import Testing

extension ResilienceSuite {
    /// A power cut simulated on the running daemon under load: at a random instant the process
    /// is frozen (SIGSTOP, so the files are caught mid-write, possibly mid-transaction or
    /// mid-checkpoint), the state directory is copied, and the process continues. In the copy,
    /// the tail of `buffer.sqlite-wal` is cut at a random byte (synchronous=NORMAL does not fsync
    /// each commit, so a power cut may take it). The copy must open, pass `integrity_check`, and
    /// a gateway started on it must hold every telemetry message acknowledged more than a second
    /// before the cut (the journal is msync'd every second) and every alert raised before it.
    @Suite(.serialized, .timeLimit(.minutes(15)))
    struct PowerLoss {
        @Test func stateCopiedMidWrite() async throws {
            let trials = Resilience.setting("CAREGATE_RESILIENCE_POWER_TRIALS", default: 5)
            let seed = UInt64(Resilience.setting("CAREGATE_RESILIENCE_SEED", default: Int(UInt32.random(in: 1...UInt32.max))))
            var random = SeededRandom(seed: seed)
            let site = try await ResilienceSite.start(config: "ingest:\n  journal_segment_mib: 2\n")
            let device = "vr-power"
            var nextSeq: Int64 = 1
            var sosSeq: Int64 = 1
            var results: [(integrity: Bool, lostOld: Int, lostLastSecond: Int, alertsLost: Int, walCut: Int, recovered: Double)] = []
            var notes: [String] = []
            for trial in 1...trials {
                let client = try await site.publisher("load-\(trial)")
                let load = LoadPublisher(client: client, device: device, firstSeq: nextSeq)
                let running = Task { await load.run() }
                // Alerts while telemetry flows: an SOS from a new wearable every 100 ms.
                let firstWearable = sosSeq
                sosSeq += 20
                let alerting = Task {
                    for index in 0..<20 {
                        let ts = ResilienceSite.now()
                        _ = try? client.publish("care/t1/wearable/w-\(firstWearable + Int64(index))/event", #"{"ts":\#(ts),"seq":1,"type":"sos","data":{}}"#)
                        try? await Task.sleep(for: .milliseconds(100))
                    }
                }
                try await Task.sleep(for: .milliseconds(Int(800 + random.next() % 1500)))
                // The cut: freeze, copy, continue.
                guard let pid = site.daemon.pid else { throw ChildProcess.Failure(description: "no daemon") }
                let ackedBefore = Set(load.acked())
                let cutAt = ContinuousClock.now
                let lastSecond = Set(load.publishes().filter { cutAt - $0.at < .seconds(1) }.map(\.seq))
                let alertsBefore = Set(site.alerts().filter { $0.transition == .raised }.map(\.alertId))
                kill(pid, SIGSTOP)
                let copy = TemporaryDirectory("powercut")
                try FileManager.default.createDirectory(atPath: copy.file("state"), withIntermediateDirectories: true)
                for name in (try FileManager.default.contentsOfDirectory(atPath: site.daemon.stateDirectory)) where !name.hasSuffix("-shm") && name != "reserve" {
                    try FileManager.default.copyItem(atPath: site.daemon.stateDirectory + "/" + name, toPath: copy.file("state/" + name))
                }
                kill(pid, SIGCONT)
                load.stop()
                await running.value
                await alerting.value
                _ = await load.waitForAcks()
                nextSeq = load.nextSeq
                await client.stop()

                // The unsynced tail of the telemetry WAL is gone.
                let wal = copy.file("state/buffer.sqlite-wal")
                var cut = 0
                if let size = (try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? Int, size > 32 {
                    cut = Int(random.next() % UInt64(min(size, 256 * 1024)))
                    truncate(wal, off_t(size - cut))
                }
                let integrity = Self.integrity(copy.file("state/buffer.sqlite")) && Self.integrity(copy.file("state/alerts.sqlite"))
                let copiedAlerts = Self.alertIds(copy.file("state/alerts.sqlite"))
                let alertsLost = alertsBefore.subtracting(copiedAlerts).count

                // A gateway started on the copy (its own broker: nothing is redelivered) replays
                // the journal and must hold what was acknowledged before the cut.
                let broker = try await MosquittoBroker.start()
                let recovered = GatewayDaemon(brokerURL: "mqtt://127.0.0.1:\(broker.port)", directory: copy.path, site: ResilienceSite.site)
                let started = ContinuousClock.now
                var lostOld = -1
                var lostLastSecond = -1
                do {
                    try await recovered.start()
                    let ready = Crash.seconds(ContinuousClock.now - started)
                    _ = await ResilienceSite.wait(timeout: .seconds(20)) {
                        let stored = try ResilienceSite.storedSeqs(copy.file("state/buffer.sqlite"), device: device)
                        return ackedBefore.allSatisfy { stored[$0] != nil }
                    }
                    await recovered.stop()
                    let stored = try ResilienceSite.storedSeqs(copy.file("state/buffer.sqlite"), device: device)
                    let lost = ackedBefore.filter { stored[$0] == nil }
                    lostLastSecond = lost.filter { lastSecond.contains($0) }.count
                    lostOld = lost.count - lostLastSecond
                    let dup = stored.values.reduce(0) { $0 + max(0, $1 - 1) }
                    if dup > 0 { notes.append("trial \(trial): \(dup) duplicated rows") }
                    results.append((integrity, lostOld, lostLastSecond, alertsLost, cut, ready))
                } catch {
                    notes.append("trial \(trial): the gateway did not start on the copy: \(String(describing: error).prefix(300))")
                    results.append((integrity, -1, -1, alertsLost, cut, .infinity))
                }
                await broker.stop()
            }
            let integrityOK = results.allSatisfy(\.integrity)
            let lostOld = results.reduce(0) { $0 + max(0, $1.lostOld) }
            let lostLastSecond = results.reduce(0) { $0 + max(0, $1.lostLastSecond) }
            let alertsLost = results.reduce(0) { $0 + $1.alertsLost }
            let allStarted = results.allSatisfy { $0.lostOld >= 0 }
            let passed = integrityOK && allStarted && lostOld == 0 && alertsLost == 0 && notes.isEmpty
            Resilience.record(.init(
                caseName: "power loss: frozen copy, WAL tail cut", trials: trials, lost: lostOld + alertsLost, duplicated: nil,
                recoveredIn: "max \(Resilience.seconds(results.map(\.recovered).max() ?? .infinity)) (start on the copy → READY=1)",
                status: passed ? .pass : .fail,
                notes: "integrity_check ok in \(results.filter(\.integrity).count)/\(trials); telemetry lost older than 1 s: \(lostOld), within the last second: \(lostLastSecond) (allowed); alerts lost: \(alertsLost) of \(sosSeq - 1) raised. " + notes.joined(separator: "; "),
                details: [
                    "seed": String(seed), "wal_bytes_cut": results.map { String($0.walCut) }.joined(separator: ","),
                ]))
            #expect(passed, "\(notes)")
            await site.shutdown()
        }

        static func integrity(_ path: String) -> Bool {
            guard let queue = try? DatabaseQueue(path: path) else { return false }
            return (try? queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }) == "ok"
        }

        static func alertIds(_ path: String) -> Set<String> {
            guard let queue = try? DatabaseQueue(path: path) else { return [] }
            return Set((try? queue.read { try String.fetchAll($0, sql: "SELECT id FROM alerts") }) ?? [])
        }
    }
}
