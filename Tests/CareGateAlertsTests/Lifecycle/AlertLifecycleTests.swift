@testable import CareGateAlerts
import CareGateCore
import Testing

/// Evidence, ids, operator errors, suppression, restart and replayed input.
@Suite struct AlertLifecycleTests {
    let second = Fixture.second
    let minute = Fixture.minute
    let start = Fixture.morning

    @Test func evidenceRecordsTheWholeResponse() throws {
        let h = CoreHarness(settings: settings())
        h.send("pendant-1", events: ["sos"], sourceTs: start - 300)
        let id = try #require(h.open(.sos)?.id)
        h.advance(by: 20 * second)
        _ = h.perform(.acknowledge(alertId: id, by: "carer-1", note: nil))
        h.advance(by: 3 * minute)
        _ = h.perform(.resolve(alertId: id, by: "nurse-2", note: "false press"))
        let stored = try #require(h.store.alerts[id])
        #expect(stored.status == .resolved)
        #expect(stored.evidence.sourceTs == start - 300)
        #expect(stored.evidence.receivedAt == start)
        #expect(stored.evidence.raisedAt == start)
        #expect(stored.evidence.firstNotifiedAt == start)
        #expect(stored.evidence.acknowledgedAt == start + 20 * second)
        #expect(stored.evidence.acknowledgedBy == "carer-1")
        #expect(stored.evidence.resolvedAt == start + 200 * second)
        #expect(stored.evidence.resolvedBy == "nurse-2")
        #expect(stored.evidence.resolution == "false press")
        #expect(h.transitions.map(\.seq) == [1, 2, 3])
        #expect(h.transitions.allSatisfy { $0.sourceTs == start - 300 && $0.raisedAt == start })
    }

    @Test func idsAreUniqueAndSortByRaiseTime() throws {
        let h = CoreHarness(settings: settings())
        var ids: [String] = []
        for _ in 0..<5 {
            h.send("pendant-1", events: ["sos"])
            let id = try #require(h.open(.sos)?.id)
            ids.append(id)
            _ = h.perform(.resolve(alertId: id, by: "n", note: nil))
            h.advance(by: 1)
        }
        #expect(Set(ids).count == 5)
        #expect(ids == ids.sorted())
        #expect(ids.allSatisfy { $0.count == 26 })
    }

    @Test func operatorErrorsAreClear() throws {
        let h = CoreHarness(settings: settings())
        #expect(throws: AlertOperationError.self) { try h.perform(.acknowledge(alertId: "nope", by: "x", note: nil)).get() }
        h.send("pendant-1", events: ["sos"])
        let id = try #require(h.open(.sos)?.id)
        _ = h.perform(.acknowledge(alertId: id, by: "a", note: nil))
        let again = h.perform(.acknowledge(alertId: id, by: "b", note: nil))
        #expect(again.failureCode == .alreadyAcknowledged)
        #expect(h.perform(.resolve(alertId: id, by: "", note: nil)).failureCode == .invalid)
        _ = h.perform(.resolve(alertId: id, by: "a", note: nil))
        #expect(h.perform(.resolve(alertId: id, by: "a", note: nil)).failureCode == .notFound)
    }

    @Test func operatorSuppressionExpiresByItself() throws {
        let h = CoreHarness(settings: settings(["lifecycle": ["renotify_medium_s": 25]]))
        h.send("chair-1", events: ["motor_fault"])
        let id = try #require(h.open(.wheelchairFault)?.id)
        let suppressed = try h.perform(.suppress(alertId: id, by: "tech-1", note: "known", seconds: 60)).get()
        #expect(suppressed.map(\.transition) == [.suppressed])
        h.advance(by: 59 * second)
        #expect(h.steps(.wheelchairFault).map(\.kind) == [.raised, .suppressed])
        h.advance(by: 1 * second)
        #expect(h.steps(.wheelchairFault).map(\.kind) == [.raised, .suppressed, .renotified])
        h.advance(by: 25 * second)
        #expect(h.steps(.wheelchairFault).last?.kind == .renotified)
    }

    @Test func staffPresenceHoldsMediumButNeverHighAndExpiresAfterFifteenMinutes() {
        let h = CoreHarness(settings: settings())
        h.send("chair-1", events: ["collision"])
        _ = h.perform(.beginSuppression(.resident("r1"), reason: .staffPresent, by: "carer-1", until: nil))
        #expect(h.steps(.wheelchairFault) == [Step(.raised, .medium), Step(.suppressed, .medium)])
        h.send("pendant-1", events: ["sos"])
        #expect(h.steps(.sos) == [Step(.raised, .high)])
        h.advance(by: 15 * minute)
        #expect(h.steps(.wheelchairFault).last == Step(.renotified, .medium))
    }

    @Test func maintenanceHoldsEverythingFromItsDeviceUntilEnded() {
        let h = CoreHarness(settings: settings())
        _ = h.perform(.beginSuppression(.device("radar-1"), reason: .maintenance, by: "tech-1", until: nil))
        h.send("radar-1", events: ["fall"])
        h.send("watch-1", ["battery": .number(5)])
        #expect(h.steps(.fall) == [Step(.suppressed, .high)])
        #expect(h.steps(.lowBattery) == [Step(.raised, .medium)])
        h.advance(by: 3600 * second)
        #expect(h.steps(.fall).count == 1)
        _ = h.perform(.endSuppression(.device("radar-1"), reason: .maintenance, by: "tech-1"))
        #expect(h.steps(.fall) == [Step(.suppressed, .high), Step(.raised, .high)])
        #expect(h.perform(.beginSuppression(.resident("r1"), reason: .maintenance, by: "t", until: nil)).failureCode == .invalid)
    }

    @Test func suppressionWindowsSurviveARestart() throws {
        let h = CoreHarness(settings: settings())
        _ = h.perform(.beginSuppression(.resident("r1"), reason: .residentAway, by: "office", until: nil))
        try h.restart(at: start + minute)
        h.send("chair-1", events: ["collision"])
        #expect(h.steps(.wheelchairFault) == [Step(.suppressed, .medium)])
    }

    @Test func restartMidEscalationFiresThePassedDeadlineOnceAndRaisesNothingTwice() throws {
        let h = CoreHarness(settings: settings(quiet: false))
        let sos = h.send("pendant-1", events: ["sos"])
        h.advance(by: 30 * second)
        let before = h.transitions.count
        // Down from 30 s to 200 s: tier 2 (60 s) and tier 3 (180 s) passed meanwhile.
        try h.restart(at: start + 200 * second)
        h.advance(to: start + 200 * second)
        let after = Array(h.transitions.dropFirst(before))
        #expect(after.map(\.transition) == [.escalated])
        #expect(after.first?.tier == 3)
        #expect(after.first?.at == start + 200 * second)
        h.deliver(sos)
        #expect(h.steps(.sos).filter { $0.kind == .raised }.count == 1)
        h.advance(to: start + 300 * second)
        #expect(h.steps(.sos).last == Step(.escalated, .high, 4))
        #expect(h.store.alerts.count == 1)
    }

    @Test func redeliveredAndRetainedMessagesAreIgnored() {
        let h = CoreHarness(settings: settings())
        let fall = h.send("radar-1", events: ["fall"])
        h.deliver(fall)
        let retained = h.send("bed-1", ["in_bed": .bool(false)], retained: true)
        let commits = h.store.commitCount
        h.deliver(retained)
        #expect(h.store.commitCount == commits)
        #expect(h.steps(.fall) == [Step(.raised, .high)])
    }

    @Test func replayedJournalAfterACrashRaisesNothingNew() throws {
        let h = CoreHarness(settings: settings())
        let messages = [
            h.send("pendant-1", events: ["sos"]),
            h.send("watch-1", ["heart_rate": .number(150)]),
            h.send("bed-1", ["in_bed": .bool(true)]),
        ]
        let id = try #require(h.open(.sos)?.id)
        _ = h.perform(.resolve(alertId: id, by: "nurse", note: nil))
        try h.restart(at: start + 5 * second)
        for message in messages { h.deliver(message) }
        #expect(h.steps(.sos).map(\.kind) == [.raised, .resolved])
    }

    @Test func everyCommitCarriesSnapshotRuleStateAndTriggerKeyTogether() throws {
        let h = CoreHarness(settings: settings())
        h.send("bed-1", ["in_bed": .bool(false)])
        let armed = try #require(h.store.ruleStates["resident:r1/bed_exit"])
        #expect(armed.state?.rule == .bedExit)
        h.send("bed-1", ["in_bed": .bool(true)])
        #expect(h.store.ruleStates["resident:r1/bed_exit"] == nil)
        let state = try h.store.load(triggerKeysSince: 0)
        #expect(state.triggerKeys.count == 2)
    }
}

extension Result where Failure == AlertOperationError {
    var failureCode: AlertOperationError.Code? {
        if case .failure(let error) = self { return error.code }
        return nil
    }
}
