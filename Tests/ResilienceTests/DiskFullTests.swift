import CareGateCore
import CareGateTestSupport
import Foundation
import Testing

extension ResilienceSuite {
    /// The state directory on a small tmpfs that is filled up: alerts are still raised (from the
    /// reserve), telemetry drops are counted by reason, a disk_full notice is raised, and once
    /// space returns telemetry is stored again and the notice clears by itself.
    @Suite(.serialized, .timeLimit(.minutes(10)))
    struct DiskFull {
        static let seed = """
            residents:
              - ref: R-1
                fall_risk: standard
            devices:
              - id: fr-1
                profile: caregate.fall-radar
                room: "101"
                zone: bedroom
                resident: R-1
            """

        @Test func fullStateFilesystem() async throws {
            guard geteuid() == 0 else {
                Resilience.record(.init(
                    caseName: "disk full: tmpfs state directory", trials: 0, recoveredIn: "-", status: .skip,
                    notes: "not run: mounting a tmpfs needs root (uid \(geteuid()))"))
                return
            }
            let sizeMiB = Resilience.setting("CAREGATE_RESILIENCE_TMPFS_MIB", default: 64)
            var mountPoint = ""
            let site: ResilienceSite
            do {
                site = try await ResilienceSite.start(config: "ingest:\n  journal_segment_mib: 2\n", seed: Self.seed) { state in
                    mountPoint = state
                    try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(sizeMiB)m,mode=0700", "tmpfs", state])
                }
            } catch {
                if !mountPoint.isEmpty { _ = try? Self.run("/bin/umount", ["-l", mountPoint]) }
                throw error
            }
            defer { _ = try? Self.run("/bin/umount", ["-l", mountPoint]) }
            let devices = try await site.publisher()
            var seq: Int64 = 1
            func telemetry(_ count: Int) throws {
                for _ in 0..<count {
                    try devices.publish("care/t1/vitals-radar/vr-1/telemetry", ResilienceSite.telemetryPayload(seq: seq))
                    seq += 1
                }
            }
            try telemetry(200)
            #expect(await ResilienceSite.wait(timeout: .seconds(30)) { site.telemetryCount() == 200 })
            let reserveHeldAtStart = FileManager.default.fileExists(atPath: site.daemon.stateDirectory + "/reserve")

            // Fill the filesystem.
            let filler = site.daemon.stateDirectory + "/filler"
            _ = try? Self.run("/bin/dd", ["if=/dev/zero", "of=\(filler)", "bs=64k"])
            let filledAt = ContinuousClock.now
            // Enough telemetry to fill the journal's current and spare segments and then some.
            let flood = Resilience.setting("CAREGATE_RESILIENCE_DISKFULL_MESSAGES", default: 40_000)
            for _ in 0..<(flood / 500) {
                try telemetry(500)
                try await Task.sleep(for: .milliseconds(20))
            }
            // The gateway takes the backlog from the broker first (so the fall below measures the
            // full disk, not the broker's queue).
            let published = Int(seq - 1)
            var drained = false
            let drainDeadline = ContinuousClock.now + .seconds(120)
            while !drained && ContinuousClock.now < drainDeadline {
                drained = ResilienceSite.metric(await site.metrics(), #"caregate_messages_received_total{qos="1"}"#) >= Double(published)
                if !drained { try await Task.sleep(for: .milliseconds(100)) }
            }
            try await Task.sleep(for: .seconds(1))
            let metricsFull = await site.metrics()
            let droppedJournal = ResilienceSite.metric(metricsFull, #"caregate_records_dropped_total{reason="journal_unavailable"}"#)
            let commitFailures = ResilienceSite.metric(metricsFull, "caregate_buffer_commit_failures_total")
            let storedWhileFull = site.telemetryCount()

            // A fall on the full disk: raised at once, from the reserve.
            let fallTs = ResilienceSite.now()
            try devices.publish("care/t1/fall-radar/fr-1/event", #"{"ts":\#(fallTs),"seq":1,"type":"fall","data":{}}"#)
            let fallSent = ContinuousClock.now
            let fall = try? await site.waitForAlert(timeout: .seconds(10), "a fall on a full disk") { $0.rule == "fall" && $0.transition == .raised }
            let alertLatency = fall.map { _ in Crash.seconds(ContinuousClock.now - fallSent) }
            let alertStored = await ResilienceSite.wait(timeout: .seconds(5)) {
                try site.query("alerts.sqlite", "SELECT count(*) AS n FROM alerts WHERE rule = 'fall'").first?["n"] == 1
            }
            let reserveReleased = !FileManager.default.fileExists(atPath: site.daemon.stateDirectory + "/reserve")
            let noticeRaised = await ResilienceSite.wait(timeout: .seconds(20)) {
                try site.query("alerts.sqlite", "SELECT count(*) AS n FROM operator_notices WHERE kind = 'disk_full' AND cleared_at IS NULL").first?["n"] == 1
            }
            let noticeLogged = site.daemon.output.contains("notice.kind=disk_full")
            let fullFor = ContinuousClock.now - filledAt

            // Space returns.
            try FileManager.default.removeItem(atPath: filler)
            let freedAt = ContinuousClock.now
            // Telemetry published after the space returned (10 messages every 100 ms) is stored again.
            let droppedBeforeFree = ResilienceSite.metric(await site.metrics(), #"caregate_records_dropped_total{reason="journal_unavailable"}"#)
            let firstAfterFree = seq
            var storedAgain = false
            while !storedAgain && ContinuousClock.now - freedAt < .seconds(60) {
                try telemetry(10)
                try await Task.sleep(for: .milliseconds(100))
                storedAgain = (try? site.storedSeqs(device: "vr-1").keys.contains { $0 >= firstAfterFree }) ?? false
            }
            let storedAgainIn = Crash.seconds(ContinuousClock.now - freedAt)
            let noticeCleared = await ResilienceSite.wait(timeout: .seconds(30)) {
                try site.query("alerts.sqlite", "SELECT count(*) AS n FROM operator_notices WHERE kind = 'disk_full' AND cleared_at IS NOT NULL").first?["n"] == 1
            }
            let recoveredIn = Crash.seconds(ContinuousClock.now - freedAt)
            let reserveBack = FileManager.default.fileExists(atPath: site.daemon.stateDirectory + "/reserve")
            let finalMetrics = await site.metrics()
            let dropped = ResilienceSite.metric(finalMetrics, #"caregate_records_dropped_total{reason="journal_unavailable"}"#)
            let publishedTotal = Int(seq - 1)
            let storedFinal = site.telemetryCount()
            // Every telemetry message is either stored or counted as dropped.
            let accounted = storedFinal + Int(dropped) >= publishedTotal

            let passed = fall != nil && alertStored && droppedJournal > 0 && noticeRaised && storedAgain && noticeCleared && reserveBack && accounted
            Resilience.record(.init(
                caseName: "disk full: tmpfs state directory", trials: 1, lost: fall == nil || !alertStored ? 1 : 0, duplicated: nil,
                recoveredIn: "\(Resilience.seconds(storedAgainIn)) telemetry, \(Resilience.seconds(recoveredIn)) notice cleared",
                status: passed ? .pass : .fail,
                notes: "tmpfs \(sizeMiB) MiB full for \(Resilience.seconds(fullFor)); fall alert raised in \(alertLatency.map { Resilience.seconds($0) } ?? "never") and stored (\(alertStored)); reserve released \(reserveReleased), back \(reserveBack); telemetry: \(publishedTotal) published, \(storedFinal) stored, \(Int(dropped)) dropped reason=journal_unavailable (\(Int(dropped - droppedBeforeFree)) of them after the space returned: the journal retries a new segment once a second), \(Int(commitFailures)) buffer commit failures while full; disk_full notice raised \(noticeRaised) (logged \(noticeLogged)), cleared \(noticeCleared)",
                details: [
                    "reserve_held_at_start": String(reserveHeldAtStart), "stored_while_full": String(storedWhileFull),
                    "dropped_while_full": String(Int(droppedJournal)), "backlog_drained": String(drained),
                    "dropped_after_space_returned": String(Int(dropped - droppedBeforeFree)),
                ]))
            #expect(passed, "\(site.daemon.output.suffix(4000))")
            await devices.stop()
            await site.shutdown()
        }

        @discardableResult
        static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 || tool.hasSuffix("dd") else {
                throw ChildProcess.Failure(description: "\(tool) \(arguments) exited \(process.terminationStatus)")
            }
            return process.terminationStatus
        }
    }
}
