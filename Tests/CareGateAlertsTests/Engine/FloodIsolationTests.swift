import CareGateAlerts
import CareGateCore
import Dispatch
import Synchronization
import Testing

/// A sink that holds the lane on its first delivery until the test lets go, so the test can queue
/// a flood behind a busy lane deterministically, and that records the lane's queue at each delivery.
final class GateSink: AlertSink {
    private let gate = DispatchSemaphore(value: 0)
    private let entered = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let blocked = Atomic<Bool>(false)
    private let log = Mutex<[(AlertTransition, Int)]>([])
    let queuedTelemetry: @Sendable () -> Int

    init(queuedTelemetry: @escaping @Sendable () -> Int) { self.queuedTelemetry = queuedTelemetry }

    func deliver(_ transition: AlertTransition) {
        log.withLock { $0.append((transition, queuedTelemetry())) }
        if !blocked.exchange(true, ordering: .relaxed) {
            entered.withLock { $0?.resume(); $0 = nil }
            gate.wait()
        }
    }

    /// Waits until the first delivery is holding the lane.
    func waitUntilHolding() async {
        await withCheckedContinuation { continuation in
            let already = entered.withLock { slot -> Bool in
                if blocked.load(ordering: .relaxed) { return true }
                slot = continuation
                return false
            }
            if already { continuation.resume() }
        }
    }

    func release() { gate.signal() }

    /// Deliveries with the lane's queued telemetry at that moment.
    var deliveries: [(AlertTransition, Int)] { log.withLock { $0 } }
}

@Suite(.timeLimit(.minutes(1))) struct FloodIsolationTests {
    @Test func aFloodingDeviceCannotDelayAnotherSubjectsEvent() async throws {
        let laneRef = Mutex<AlertEngine?>(nil)
        let sink = GateSink { laneRef.withLock { $0?.laneStatus().first?.queuedTelemetry ?? -1 } }
        let h = try EngineHarness(lanes: 1, settings: settings(), sink: sink)
        laneRef.withLock { $0 = h.engine }

        let caller = Fixture.device("pendant-2", .callButton, resident: "r2")
        h.submit(caller, events: ["sos"], resident: Fixture.resident("r2"))
        await sink.waitUntilHolding()

        // The lane is busy: a watch floods 10 000 heart-rate readings, then another resident falls.
        var outcomes: [SubmitOutcome: Int] = [:]
        for beat in 0..<10_000 {
            outcomes[h.submit(Fixture.watch, ["heart_rate": .number(Double(60 + beat % 40))]), default: 0] += 1
        }
        let faller = Fixture.device("radar-3", .fallRadar, resident: "r3")
        #expect(h.submit(faller, events: ["fall"], resident: Fixture.resident("r3")) == .queued)

        #expect(outcomes[.queued] == 8)
        #expect(outcomes[.coalesced] == 9_992)
        #expect(h.events.count(.coalesced(lane: 0)) == 9_992)
        let status = try #require(h.engine.laneStatus().first)
        #expect(status.queuedTelemetry == 8)
        #expect(status.queuedUrgent == 1)

        // A stuck lane is visible to the watchdog.
        h.clock.advance(by: 10_000)
        #expect(h.engine.stalledLanes(threshold: 5_000) == [0])

        sink.release()
        await h.engine.waitUntilIdle()
        let deliveries = sink.deliveries
        #expect(deliveries.map(\.0.rule) == ["sos", "fall"])
        // The fall went out while the whole (bounded) flood was still waiting behind it.
        #expect(deliveries.last?.1 == 8)
        #expect(h.engine.laneStatus().first?.queuedTelemetry == 0)
        #expect(h.engine.stalledLanes(threshold: 5_000).isEmpty)
    }

    @Test func anUrgentChangePromotesTheDevicesQueuedTelemetryFirst() async throws {
        let laneRef = Mutex<AlertEngine?>(nil)
        let sink = GateSink { laneRef.withLock { $0?.laneStatus().first?.queuedTelemetry ?? -1 } }
        let h = try EngineHarness(lanes: 1, settings: settings(), sink: sink)
        laneRef.withLock { $0 = h.engine }
        h.submit(Fixture.device("pendant-2", .callButton, resident: "r2"), events: ["sos"], resident: Fixture.resident("r2"))
        await sink.waitUntilHolding()

        // in_bed false (urgent: a change), steady false (plain), then true (urgent): processed in
        // arrival order, the resident ends in bed and no bed-exit timer is left armed.
        h.clock.set(Fixture.local(2, 0, day: 1))
        h.submit(Fixture.bed, ["in_bed": .bool(false)])
        h.submit(Fixture.bed, ["heart_rate": .number(70)])
        h.submit(Fixture.bed, ["in_bed": .bool(true)])
        #expect(h.engine.laneStatus().first?.queuedTelemetry == 0)
        sink.release()
        await h.advance(by: 3_600_000)
        #expect(!h.store.log.contains { $0.rule == "bed_exit" })
        #expect(h.store.ruleStates["resident:r1/bed_exit"] == nil)
    }
}
