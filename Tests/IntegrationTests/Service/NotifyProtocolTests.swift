import CareGateTestSupport
import Foundation
import Testing

/// The systemd notify protocol as `Type=notify` with `WatchdogSec=` relies on it, against a real
/// datagram socket: READY=1 means subscribed, watchdog pings keep their cadence, SIGTERM says
/// STOPPING=1 and ends in exit 0.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct NotifyProtocolTests {
    @Test func readyArrivesOnlyOnceTheBrokerIsUpAndSubscribed() async throws {
        let directory = TemporaryDirectory("notify")
        // A broker whose port we know, then stopped: the daemon starts while it is down.
        let broker = try await MosquittoBroker.start()
        await broker.stop()
        let daemon = GatewayDaemon(brokerURL: "mqtt://127.0.0.1:\(broker.port)", directory: directory.path)
        let starting = Task { try await daemon.start(timeout: .seconds(90)) }

        // Long enough for several reconnect attempts (backoff is capped at 2 s).
        try await Task.sleep(for: .seconds(4))
        #expect(daemon.isRunning)
        #expect(daemon.notifySocket?.contains("READY=1") == false, "READY=1 while the broker was down")

        // Taken before the restart: on a busy machine the broker may accept (and the daemon say
        // READY) well before `restart()` gets to return.
        let brokerRestarting = ContinuousClock.now
        try await broker.restart()
        try await starting.value
        let ready = try #require(daemon.notifications.first { $0.text.split(separator: "\n").contains("READY=1") })
        #expect(ready.at > brokerRestarting)
        #expect(ready.text.contains("STATUS=ingesting from mqtt://127.0.0.1:\(broker.port)"))
        // The daemon subscribed before it said so.
        #expect(daemon.output.contains("msg=\"mqtt subscribed\""))
        #expect(await daemon.stop().map(ChildProcess.exitCode) == 0)
        await broker.stop()
    }

    @Test func watchdogPingsArriveAtAboutHalfTheInterval() async throws {
        let directory = TemporaryDirectory("watchdog")
        let broker = try await MosquittoBroker.start()
        let daemon = GatewayDaemon(brokerURL: "mqtt://127.0.0.1:\(broker.port)", directory: directory.path)
        try await daemon.start(environment: ["WATCHDOG_USEC": "1000000"])
        let socket = try #require(daemon.notifySocket)
        let deadline = ContinuousClock.now + .seconds(20)
        while pings(socket).count < 8, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let times = pings(socket)
        #expect(times.count >= 8)
        let gaps = zip(times, times.dropFirst()).map { $1 - $0 }
        // Half of 1 s is 0.5 s; the bounds only rule out "not at all" and "far too often".
        for gap in gaps {
            #expect(gap >= .milliseconds(200) && gap <= .milliseconds(900), "watchdog gap \(gap)")
        }
        print("watchdog gaps: \(gaps.map { "\($0)" }.joined(separator: ", "))")
        #expect(await daemon.stop().map(ChildProcess.exitCode) == 0)
        await broker.stop()
    }

    @Test func sigtermReportsStoppingAndExitsZeroWithinTheStopTimeout() async throws {
        let directory = TemporaryDirectory("stopping")
        let broker = try await MosquittoBroker.start()
        let daemon = GatewayDaemon(brokerURL: "mqtt://127.0.0.1:\(broker.port)", directory: directory.path)
        try await daemon.start()
        let socket = try #require(daemon.notifySocket)
        #expect(!socket.contains("STOPPING=1"))

        let sent = ContinuousClock.now
        // TimeoutStopSec=90s in the unit: the daemon must be gone well before systemd would kill it.
        let status = try #require(await daemon.stop(timeout: .seconds(90)))
        let took = ContinuousClock.now - sent
        #expect(ChildProcess.exitCode(status) == 0, "wait status \(status)")
        #expect(ChildProcess.terminationSignal(status) == nil)
        #expect(socket.contains("STOPPING=1"))
        #expect(took < .seconds(60))
        // STOPPING=1 is the last thing systemd hears: no READY or watchdog after it.
        let texts = socket.notifications.map(\.text)
        let stopping = try #require(texts.lastIndex { $0.contains("STOPPING=1") })
        #expect(stopping == texts.count - 1)
        print("SIGTERM to exit: \(took)")
        await broker.stop()
    }

    private func pings(_ socket: NotifySocket) -> [ContinuousClock.Instant] {
        socket.notifications.filter { $0.text == "WATCHDOG=1" }.map(\.at)
    }
}
