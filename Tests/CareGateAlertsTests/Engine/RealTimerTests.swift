import CareGateAlerts
import CareGateCore
import Synchronization
import Testing

/// The one test on the wall clock: real `DispatchSourceTimer`s with a 200 ms apnea setting and a
/// 200 ms re-notification, proving the Dispatch timers fire rule and alert deadlines.
@Suite(.timeLimit(.minutes(1))) struct RealTimerTests {
    @Test func dispatchTimersFireRuleAndAlertDeadlines() async throws {
        let (stream, continuation) = AsyncStream<AlertTransition>.makeStream()
        let sink = CollectingAlertSink { continuation.yield($0) }
        let settings = settings(["apnea": ["after_s": 0.2], "lifecycle": ["renotify_high_s": 0.2]])
        let engine = try AlertEngine(
            configuration: AlertEngineConfiguration(site: "site-a", calendar: Fixture.calendar, settings: settings, laneCount: 2),
            store: InMemoryAlertStore(), sink: sink)
        let clock = SystemClock()
        func send(_ readings: [Reading]) {
            let now = clock.now()
            let message = DeviceMessage(
                deviceId: "vitals-1", profileId: "p", kind: .vitalsRadar, role: .telemetry, topic: "t", sourceTs: now,
                stampedByGateway: true, seq: nil, receivedAt: now, retained: false, qos: 0, readings: readings)
            engine.submit(message, device: Fixture.vitals, resident: Fixture.resident())
        }
        let sent = clock.now()
        send([Reading("in_bed", .bool(true)), Reading("resp_rate", .number(0))])

        var seen: [AlertTransitionKind] = []
        for await transition in stream {
            seen.append(transition.transition)
            if seen.count == 2 { break }
        }
        #expect(seen == [.raised, .renotified])
        let raised = try #require(sink.transitions.first)
        #expect(raised.rule == "apnea")
        #expect(raised.at - sent >= 200)
        await engine.shutdown()
    }
}
