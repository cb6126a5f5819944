import Foundation
import Histogram
import Synchronization

/// Measures alert latency end to end: a call button publishes a `fall` event (QoS 1) and the clock
/// stops when the gateway's `raised` transition for that device arrives on
/// `care/{site}/gateway/alerts`, the topic a nurse station subscribes to.
///
/// Every sample uses a call button (and so a resident) that has not fallen before in this gateway
/// run, so each fall opens a new alert instead of updating an open one. The probe acknowledges each
/// alert as staff would, so unacknowledged alerts do not re-notify every 10 s and load the very
/// path being measured. Samples are sent on a fixed random schedule, not after the previous answer,
/// so a slow answer cannot hide the samples that would have waited behind it.
final class AlertLatencyProbe: Sendable {
    /// State shared with the subscriber's network thread (its handler is formed before `self`).
    private final class Shared: Sendable {
        /// Call button id → monotonic nanoseconds at which its fall was published.
        let pending = Mutex<[String: UInt64]>([:])
        /// Microseconds, up to a minute.
        let latencies = Mutex(Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three))
        let acknowledger = Mutex<MosquittoConnection?>(nil)
    }

    private let fleet: BenchFleet
    private let port: Int
    private let shared = Shared()
    private let nextButton = Mutex(0)
    private let subscriber: MosquittoConnection

    init(fleet: BenchFleet, port: Int) throws {
        self.fleet = fleet
        self.port = port
        let shared = self.shared
        subscriber = try MosquittoConnection(clientId: "bench-nurse-station", port: port) { _, payload in
            let arrived = Clock.monotonic()
            guard let transition = Self.parse(payload), transition.kind == "raised",
                let sent = shared.pending.withLock({ $0.removeValue(forKey: transition.deviceId) })
            else { return }
            _ = shared.latencies.withLock { $0.record((arrived - sent) / 1_000) }
            let ack = Array(#"{"by":"bench-nurse","note":"benchmark"}"#.utf8)
            shared.acknowledger.withLock { connection in
                ack.withUnsafeBytes { _ = connection?.publish(fleet.acknowledgeTopic(alertId: transition.alertId), $0, qos: 1) }
            }
        }
        try subscriber.startNetworkThread()
        try subscriber.subscribe(fleet.alertTopic, qos: 1)
        shared.acknowledger.withLock { $0 = subscriber }
    }

    /// Sends `samples` falls, one every `spacing` on average (uniformly 0.5–1.5 × spacing), and
    /// waits up to 10 s for the last alerts. Returns the latency distribution of this batch.
    func measure(_ scenario: String, samples: Int, spacing: Duration = .milliseconds(50)) async throws -> LatencyResult {
        shared.latencies.withLock { $0.reset() }
        let first = nextButton.withLock { start in
            defer { start += samples }
            return start
        }
        guard first + samples <= fleet.callButtons else {
            throw MosquittoConnection.Failure(description: "the fleet has \(fleet.callButtons) call buttons; \(first + samples) falls asked for")
        }
        let spacingNanos = Double(spacing.components.attoseconds / 1_000_000_000) + Double(spacing.components.seconds) * 1e9
        try await sendFalls(Array(first..<(first + samples)), spacingNanos: spacingNanos)
        let deadline = Clock.monotonic() + 10_000_000_000
        while shared.pending.withLock({ !$0.isEmpty }) && Clock.monotonic() < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        let missing = shared.pending.withLock { pending in
            defer { pending.removeAll() }
            return pending.count
        }
        return shared.latencies.withLock { LatencyResult(scenario: scenario, histogram: $0, missing: missing) }
    }

    func disconnect() {
        shared.acknowledger.withLock { $0 = nil }
        subscriber.disconnect()
    }

    /// Publishes the falls from a thread that owns its connection, so each publish goes straight
    /// to the socket.
    private func sendFalls(_ buttons: [Int], spacingNanos: Double) async throws {
        let fleet = self.fleet, port = self.port, shared = self.shared
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                continuation.resume(with: Swift.Result {
                    let connection = try MosquittoConnection(clientId: "bench-call-buttons", port: port)
                    try connection.connectOnThisThread()
                    var random = SystemRandomNumberGenerator()
                    var due = Clock.monotonic()
                    for button in buttons {
                        due += UInt64(spacingNanos * Double.random(in: 0.5...1.5, using: &random))
                        while Clock.monotonic() + 1_000_000 < due { connection.service(timeoutMillis: 1) }
                        Clock.sleep(until: due)
                        let deviceId = BenchFleet.callButtonId(button)
                        let sent = Clock.monotonic()
                        shared.pending.withLock { $0[deviceId] = sent }
                        let payload = Array(#"{"ts":\#(Clock.epochMillis()),"seq":1,"type":"fall","data":{"sent_ns":\#(sent)}}"#.utf8)
                        let published = payload.withUnsafeBytes { connection.publish(fleet.eventTopic(callButton: button), $0, qos: 1) }
                        guard published else { throw MosquittoConnection.Failure(description: "fall publish refused") }
                        connection.service(timeoutMillis: 0)
                    }
                    let drain = Clock.monotonic() + 5_000_000_000
                    while connection.acknowledged.load(ordering: .relaxed) < buttons.count && Clock.monotonic() < drain {
                        connection.service(timeoutMillis: 5)
                    }
                    connection.disconnect()
                })
            }
            thread.name = "bench.falls"
            thread.start()
        }
    }

    /// The fields of an alert transition (contract.md) the probe needs.
    private static func parse(_ payload: UnsafeRawBufferPointer) -> (kind: String, deviceId: String, alertId: String)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
            let kind = object["transition"] as? String, let deviceId = object["deviceId"] as? String,
            let alertId = object["alertId"] as? String
        else { return nil }
        return (kind, deviceId, alertId)
    }
}
