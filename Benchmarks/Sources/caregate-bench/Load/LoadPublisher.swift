import Foundation
import Synchronization

/// The load generator: publishes native telemetry round-robin across devices from one thread that
/// drives its own libmosquitto connection, flat out or paced to a target rate.
///
/// At most `window` messages are unacknowledged at once (PUBACK for QoS 1; written to the socket
/// for QoS 0), so the generator never builds an unbounded queue of its own: when the broker is
/// slower, the publisher waits, and what is measured is the broker's and the subscriber's pace.
struct LoadPublisher: Sendable {
    /// What to send.
    struct Plan: Sendable {
        var topics: [String]
        /// Stop after this many messages (or when `stop` is set).
        var count: Int
        /// Messages per second; nil sends as fast as the window allows.
        var rate: Double?
        var qos: Int32
        var window = 1_000
    }

    /// What was sent: how many, and the wall-clock span from the first to the last publish.
    struct Result: Sendable {
        var sent: Int
        var acknowledged: Int
        var startedWall: UInt64
        var finishedWall: UInt64
        var seconds: Double { Double(finishedWall - startedWall) / 1e9 }
    }

    let port: Int
    let clientId: String

    /// Runs the plan on a new thread; returns when everything sent is acknowledged.
    func run(_ plan: Plan, stop: StopFlag = StopFlag()) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Swift.Result { try publish(plan, stop: stop) })
            }
            thread.name = "bench.publisher"
            thread.start()
        }
    }

    private func publish(_ plan: Plan, stop: StopFlag) throws -> Result {
        let connection = try MosquittoConnection(clientId: clientId, port: port, maxInflight: plan.window)
        try connection.connectOnThisThread()
        defer { connection.disconnect() }
        let topics = plan.topics.map { Array($0.utf8CString) }
        var seqs = [Int64](repeating: 0, count: topics.count)
        var payload = TelemetryPayload()
        let interval = plan.rate.map { 1e9 / $0 }
        let start = Clock.monotonic()
        let startedWall = Clock.wall()
        var sent = 0
        var device = 0
        while sent < plan.count && !stop.isSet {
            if let interval {
                let due = start + UInt64(Double(sent) * interval)
                if due > Clock.monotonic() + 200_000 {
                    connection.service(timeoutMillis: 0)
                    Clock.sleep(until: due)
                }
            }
            while sent - connection.acknowledged.load(ordering: .relaxed) >= plan.window {
                connection.service(timeoutMillis: 1)
            }
            seqs[device] += 1
            payload.write(ts: Clock.epochMillis(), seq: seqs[device])
            let accepted = topics[device].withUnsafeBufferPointer { topic in
                payload.bytes.withUnsafeBytes { bytes in
                    connection.publish(topic.baseAddress!, UnsafeRawBufferPointer(rebasing: bytes[0..<payload.count]), qos: plan.qos)
                }
            }
            guard accepted else { throw MosquittoConnection.Failure(description: "publish refused after \(sent) messages") }
            sent += 1
            device = device + 1 == topics.count ? 0 : device + 1
            if sent & 63 == 0 { connection.service(timeoutMillis: 0) }
        }
        let finishedWall = Clock.wall()
        let drainDeadline = Clock.monotonic() + 60_000_000_000
        while connection.acknowledged.load(ordering: .relaxed) < sent && Clock.monotonic() < drainDeadline {
            connection.service(timeoutMillis: 5)
        }
        return Result(
            sent: sent, acknowledged: connection.acknowledged.load(ordering: .relaxed), startedWall: startedWall,
            finishedWall: finishedWall)
    }
}

/// A flag one task sets to stop a publisher running on its own thread.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}
