import CareGateAlerts
import CareGateCore
import Testing

@Suite(.timeLimit(.minutes(1))) struct AlertEngineTests {
    let second = Fixture.second
    let start = Fixture.morning

    @Test func raisesEscalatesAndTakesOperatorCallsThroughTheLanes() async throws {
        let h = try EngineHarness()
        #expect(h.submit(Fixture.pendant, events: ["sos"]) == .queued)
        await h.engine.waitUntilIdle()
        let open = h.engine.openAlerts()
        #expect(open.map(\.rule) == [.sos])
        #expect(h.transitions.map(\.seq) == [1])
        let id = try #require(open.first?.id)

        await h.advance(by: 60 * second)
        #expect(h.transitions.map(\.transition) == [.raised] + Array(repeating: .renotified, count: 5) + [.escalated])
        #expect(h.transitions.last?.tier == 2)

        let ack = try await h.engine.acknowledge(alertId: id, by: "carer-1", note: "coming")
        #expect(ack.transition == .acknowledged)
        #expect(ack.seq == 8)
        #expect(h.engine.alert(id: id)?.status == .acknowledged)
        await #expect(throws: AlertOperationError.self) {
            try await h.engine.acknowledge(alertId: "missing", by: "carer-1")
        }
        let resolved = try await h.engine.resolve(alertId: id, by: "carer-1", note: "pressed by mistake")
        #expect(resolved.transition == .resolved)
        #expect(h.engine.openAlerts().isEmpty)
    }

    @Test func supervisesRegisteredDevicesForSilence() async throws {
        let h = try EngineHarness(settings: settings())
        h.engine.update(
            devices: [Fixture.radar, Fixture.watch], residents: [Fixture.resident()],
            supervision: [DeviceSupervision(deviceId: "radar-1", safetyCritical: true)])
        await h.advance(by: 119 * second)
        #expect(h.transitions.isEmpty)
        await h.advance(by: 1 * second)
        #expect(h.transitions.map(\.rule) == ["device_offline"])
        #expect(h.transitions.first?.room == "101")
        h.engine.update(devices: [Fixture.watch], residents: [Fixture.resident()], supervision: [])
        await h.engine.waitUntilIdle()
        #expect(h.transitions.map(\.transition) == [.raised, .resolved])
    }

    @Test func restartedEngineContinuesOpenAlertsWithoutRaisingTwice() async throws {
        let store = InMemoryAlertStore()
        let first = try EngineHarness(store: store)
        first.submit(Fixture.pendant, events: ["sos"])
        await first.advance(by: 30 * second)
        await first.engine.shutdown()
        let before = store.log.count

        let second = try EngineHarness(at: start + 200 * self.second, store: store)
        await second.advance(to: start + 200 * self.second)
        let after = Array(store.log.dropFirst(before))
        #expect(after.map(\.transition) == [.escalated])
        #expect(after.first?.tier == 3)
        #expect(second.engine.openAlerts().count == 1)
        #expect(store.log.filter { $0.transition == .raised }.count == 1)
    }

    @Test func shutdownDrainsWhatWasQueuedAndRefusesMore() async throws {
        let h = try EngineHarness(settings: settings())
        for number in 0..<40 {
            let pendant = Fixture.device("pendant-\(number)", .callButton, resident: "r\(number)")
            h.submit(pendant, events: ["sos"], resident: Fixture.resident("r\(number)"))
        }
        await h.engine.shutdown()
        #expect(h.transitions.filter { $0.transition == .raised }.count == 40)
        #expect(h.submit(Fixture.pendant, events: ["sos"]) == .shuttingDown)
        await #expect(throws: AlertOperationError.self) {
            try await h.engine.acknowledge(alertId: h.transitions[0].alertId, by: "x")
        }
        #expect(h.engine.laneStatus().allSatisfy { !$0.busy && $0.queuedUrgent == 0 && $0.queuedTelemetry == 0 })
    }
}
