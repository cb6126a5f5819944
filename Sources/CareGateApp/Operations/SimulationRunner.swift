import CareGateCore
import CareGateMQTT
import CareGateSimulation
import Foundation
import Logging
import Synchronization

/// Publishes a simulated stream to a broker: in real time (each message at its offset, for demos
/// and scenario runs), or as fast as the broker acknowledges (load and acceptance runs).
///
/// It is a real MQTT client on libmosquitto, like a device. At most `maxInFlight` messages wait
/// for their acknowledgement at once, so memory stays bounded however large the run; at the end
/// it waits for the last acknowledgement, so "sent" means "the broker has it".
public struct SimulationRunner: Sendable {
    public var broker: BrokerURL
    public var clientId: String
    public var realtime: Bool
    public var maxInFlight: Int
    public var username: String?
    public var password: String?

    public init(broker: BrokerURL, clientId: String, realtime: Bool, maxInFlight: Int = 1000, username: String? = nil, password: String? = nil) {
        self.broker = broker
        self.clientId = clientId
        self.realtime = realtime
        self.maxInFlight = max(1, maxInFlight)
        self.username = username
        self.password = password
    }

    /// Publishes every message of `stream`; `onMessage` sees each one as it is sent (for live
    /// output). Returns what was sent.
    public func run(
        _ stream: SimulationStream, logger: Logger, onMessage: @Sendable (SimulatedMessage, SimulationSummary) -> Void = { _, _ in }
    ) async throws -> SimulationSummary {
        let acknowledged = Atomic<Int>(0)
        var configuration = MQTTConfiguration(broker: broker, clientId: clientId)
        configuration.cleanSession = true
        configuration.username = username
        configuration.password = password
        configuration.maxInflightMessages = min(maxInFlight, 65_535)
        let client = try MQTTClient(
            configuration: configuration, logger: logger, onMessage: { _ in },
            onPublished: { _ in acknowledged.add(1, ordering: .relaxed) })
        try client.start()
        do {
            let summary = try await publishAll(stream, client: client, acknowledged: acknowledged, onMessage: onMessage)
            await client.stop(graceful: true)
            return summary
        } catch {
            await client.stop(graceful: false)
            throw error
        }
    }

    private func publishAll(
        _ stream: SimulationStream, client: MQTTClient, acknowledged: borrowing Atomic<Int>,
        onMessage: @Sendable (SimulatedMessage, SimulationSummary) -> Void
    ) async throws -> SimulationSummary {
        try await client.waitUntilReady(timeout: .seconds(10))
        var summary = SimulationSummary()
        let started = ContinuousClock.now
        var sent = 0
        for message in stream {
            if realtime {
                let due = started + .milliseconds(message.offset)
                if due > .now { try await Task.sleep(until: due, clock: .continuous) }
            }
            while sent - acknowledged.load(ordering: .relaxed) >= maxInFlight {
                try await Task.sleep(for: .microseconds(200))
            }
            _ = try await publish(message, with: client)
            sent += 1
            summary.record(message)
            onMessage(message, summary)
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while acknowledged.load(ordering: .relaxed) < sent {
            guard ContinuousClock.now < deadline else {
                throw GatewayError("the broker acknowledged \(acknowledged.load(ordering: .relaxed)) of \(sent) messages")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        return summary
    }

    /// Publishes one message, waiting out a full client queue or a brief disconnection.
    private func publish(_ message: SimulatedMessage, with client: MQTTClient) async throws -> Int32 {
        let qos: MQTTQoS = message.qos == 0 ? .atMostOnce : .atLeastOnce
        var attempts = 0
        while true {
            do {
                return try client.publish(topic: message.topic, payload: message.payload, qos: qos, retain: message.retain)
            } catch {
                attempts += 1
                if attempts > 5000 { throw error }
                try await Task.sleep(for: .milliseconds(2))
            }
        }
    }
}
