import CareGateAlerts
import CareGateCore
import CareGateTestSupport
import Synchronization

/// A real `AlertEngine` (lanes, queues, inboxes) on a `ManualClock` with manual lane timers.
final class EngineHarness: Sendable {
    let clock: ManualClock
    let timers = ManualLaneTimers()
    let store: InMemoryAlertStore
    let sink: any AlertSink
    let engine: AlertEngine
    let events = EventLog()
    private let seq = Atomic<Int64>(0)

    init(
        lanes: Int = 2, settings: AlertSettings = AlertSettings(), at start: EpochMillis = Fixture.morning,
        store: InMemoryAlertStore = InMemoryAlertStore(), sink: any AlertSink = CollectingAlertSink()
    ) throws {
        clock = ManualClock(start)
        self.store = store
        self.sink = sink
        let events = self.events
        engine = try AlertEngine(
            configuration: AlertEngineConfiguration(
                site: "site-a", calendar: Fixture.calendar, settings: settings, laneCount: lanes),
            store: store, sink: sink, clock: clock, timers: timers,
            observer: { event in events.append(event) })
    }

    var transitions: [AlertTransition] { (sink as? CollectingAlertSink)?.transitions ?? store.log }

    /// Moves the clock to `instant`, firing lane timers at their own instants on the way.
    func advance(to instant: EpochMillis) async {
        while true {
            await engine.waitUntilIdle()
            guard let due = timers.nextDue, due <= instant else { break }
            clock.set(max(clock.now(), due))
            timers.fire(upTo: due)
        }
        clock.set(max(clock.now(), instant))
        await engine.waitUntilIdle()
    }

    func advance(by millis: EpochMillis) async { await advance(to: clock.now() + millis) }

    @discardableResult
    func submit(
        _ device: DeviceRecord, _ readings: [String: MetricValue] = [:], events: [String] = [],
        resident: ResidentRecord? = Fixture.resident()
    ) -> SubmitOutcome {
        engine.submit(message(device, readings, events: events), device: device, resident: resident)
    }

    func message(_ device: DeviceRecord, _ readings: [String: MetricValue] = [:], events: [String] = []) -> DeviceMessage {
        let now = clock.now()
        return DeviceMessage(
            deviceId: device.deviceId, profileId: device.profile, kind: device.kind,
            role: events.isEmpty ? .telemetry : .event, topic: "care/site-a/\(device.kind)/\(device.deviceId)",
            sourceTs: now, stampedByGateway: false, seq: seq.add(1, ordering: .relaxed).newValue, receivedAt: now,
            retained: false, qos: 1, readings: readings.map { Reading($0.key, $0.value) },
            events: events.map { DeviceEvent(type: $0) })
    }
}

/// The observer's events, in order.
final class EventLog: Sendable {
    private let events = Mutex<[AlertEngineEvent]>([])

    func append(_ event: AlertEngineEvent) { events.withLock { $0.append(event) } }

    var all: [AlertEngineEvent] { events.withLock { $0 } }

    func count(_ event: AlertEngineEvent) -> Int { all.filter { $0 == event }.count }
}
