import CareGateMQTT
import CareGateTestSupport
import Testing

extension LiveBroker {
    /// Readiness, state changes, backoff pacing and stopping, seen from outside.
    @Suite struct LifecycleTests {
        @Test func readinessTimesOutWithTheConnectErrorWhenNoBrokerListens() async throws {
            let port = try FreePort.loopback()
            let gateway = try MQTTClient(
                configuration: MQTTConfiguration(port: port, clientId: "gateway"), logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            try gateway.start()
            let error = await #expect(throws: MQTTError.self) { try await gateway.waitUntilReady(timeout: .milliseconds(300)) }
            #expect(error?.code == .timeout)
            #expect(error?.message.contains("Connection refused") == true)
            #expect(gateway.state != .connected)
            await gateway.stop()
        }

        @Test func reconnectAttemptsBackOffInsteadOfSpinning() async throws {
            let port = try FreePort.loopback()
            let gateway = try MQTTClient(
                configuration: MQTTConfiguration(port: port, clientId: "gateway"), logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            try gateway.start()
            try await Task.sleep(for: .seconds(1))
            let attempts = gateway.statistics.reconnectAttempts
            await gateway.stop()
            // Ceilings 0.1, 0.2, 0.4, 0.8 s: a handful of attempts in a second, never thousands.
            #expect((1 ... 40).contains(attempts), "\(attempts) reconnect attempts in 1 s")
        }

        @Test func stopWakesReadinessWaiters() async throws {
            let port = try FreePort.loopback()
            let gateway = try MQTTClient(
                configuration: MQTTConfiguration(port: port, clientId: "gateway"), logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            try gateway.start()
            let waiter = Task { () -> MQTTError? in
                do throws(MQTTError) {
                    try await gateway.waitUntilReady(timeout: .seconds(30))
                    return nil
                } catch {
                    return error
                }
            }
            try await MQTTTestClient.poll(timeout: .seconds(5), "an attempt") { gateway.statistics.reconnectAttempts > 0 }
            await gateway.stop()
            #expect(await waiter.value?.code == .noConnection)
        }

        @Test func stateChangesAreReportedInOrder() async throws {
            let broker = try await MosquittoBroker.start()
            let recorder = Recorder()
            let gateway = try recorder.client(MQTTConfiguration(port: broker.port, clientId: "gateway", subscriptions: [MQTTSubscription("care/#")]))
            try gateway.start()
            try await gateway.waitUntilReady(timeout: .seconds(5))
            #expect(gateway.isReady)

            await broker.kill()
            try await MQTTTestClient.poll(timeout: .seconds(5), "the loss to be noticed") { gateway.state != .connected }
            try await broker.restart()
            try await MQTTTestClient.poll(timeout: .seconds(5), "reconnect") { gateway.statistics.connects == 2 }
            try await gateway.waitUntilReady(timeout: .seconds(5))
            await gateway.stop()

            let states = recorder.states.withLock { $0 }
            #expect(Array(states.prefix(3)) == [.connecting, .connected, .disconnected])
            #expect(states.last == .disconnected)
            #expect(states.filter { $0 == .connected }.count == 2)
            // Never two equal states in a row: every report is a change.
            #expect(zip(states, states.dropFirst()).allSatisfy { $0 != $1 })
        }

        @Test func stopIsIdempotentAndWorksBeforeStart() async throws {
            let broker = try await MosquittoBroker.start()
            let idle = try MQTTClient(
                configuration: MQTTConfiguration(port: broker.port, clientId: "idle"), logger: MQTTTestClient.quietLogger, onMessage: { _ in })
            await idle.stop()
            #expect(throws: MQTTError.self) { try idle.start() }

            let gateway = try await MQTTTestClient.connected(port: broker.port, clientId: "gateway")
            async let first: Void = gateway.stop()
            async let second: Void = gateway.stop(graceful: false)
            _ = await (first, second)
            await gateway.stop()
            #expect(gateway.client.state == .disconnected)
            #expect(throws: MQTTError.self) { try gateway.client.start() }
        }
    }
}
