import CareGateMQTT
import CareGateTestSupport
import Synchronization
import Testing

extension LiveBroker {
    @Suite struct ThroughputTests {
        /// A sanity check of the receive path under a burst, not a benchmark: every one of 10,000
        /// QoS 1 messages arrives exactly once and in order.
        @Test func tenThousandQoS1MessagesArriveExactlyOnceInOrder() async throws {
            let broker = try await MosquittoBroker.start()
            let count = 10_000
            let sequence = Mutex<[UInt32]>([])
            sequence.withLock { $0.reserveCapacity(count) }
            let gateway = try MQTTClient(
                configuration: MQTTConfiguration(port: broker.port, clientId: "gateway", subscriptions: [MQTTSubscription("care/#")]),
                logger: MQTTTestClient.quietLogger,
                onMessage: { view in
                    let value = view.payload.loadUnaligned(as: UInt32.self)
                    sequence.withLock { $0.append(UInt32(littleEndian: value)) }
                })
            try gateway.start()
            try await gateway.waitUntilReady(timeout: .seconds(5))

            let device = try await MQTTTestClient.connected(port: broker.port, clientId: "flood")
            for index in 0 ..< count {
                let bytes = withUnsafeBytes(of: UInt32(index).littleEndian) { Array($0) }
                try device.client.publish(topic: "care/s1/wearable/w1/telemetry", payload: bytes, qos: .atLeastOnce)
            }
            try await MQTTTestClient.poll(timeout: .seconds(20), "\(count) messages") { sequence.withLock { $0.count >= count } }

            #expect(sequence.withLock { $0 } == (0 ..< UInt32(count)).map { $0 })
            await device.stop()
            await gateway.stop()
        }
    }
}
