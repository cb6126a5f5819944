import CMosquitto
import Dispatch
import Logging
import Synchronization

/// The gateway's MQTT connection: one libmosquitto handle, one network thread, reconnects with
/// jittered backoff, a persistent session, and the gateway's availability as birth and will.
///
/// Messages reach `onMessage` on the network thread as views into libmosquitto's buffers, with no
/// copy and no allocation by the client, because the ingest bar (≥ 100k msg/s on 2 cores) leaves no
/// room for either. The handler must not block for long: while it runs, nothing else is read from
/// the broker, keep-alives included.
///
/// The client is built from `nonisolated` code and every closure it holds is `@Sendable`, so no
/// main-actor closure can end up being called on the network thread (that would trap). It runs
/// from `start()` until `stop(graceful:)`, keeping itself alive in between.
public final class MQTTClient: Sendable {
    /// Receives every message on the network thread; see `MQTTMessageView` for its lifetime.
    public typealias MessageHandler = @Sendable (MQTTMessageView) -> Void

    public let configuration: MQTTConfiguration
    let logger: Logger
    let handle: MosquittoHandle
    let onMessage: MessageHandler
    let onPublished: (@Sendable (Int32) -> Void)?
    let onStateChange: (@Sendable (MQTTConnectionState) -> Void)?

    /// Connection status and readiness waiters; taken on connection events and by observers.
    let shared = Mutex(SharedStatus())
    /// Start/stop, and the guard that keeps publishers off a destroyed handle.
    let lifecycle = Mutex(Lifecycle.idle)
    /// What `stop` asked the network thread to do (a `StopRequest` raw value).
    let stopRequest = Atomic<UInt8>(StopRequest.none.rawValue)
    /// Cuts the reconnect backoff short when a stop is requested.
    let wake = DispatchSemaphore(value: 0)
    /// The mid of the offline message a graceful stop publishes, and whether it was acknowledged.
    let stopMessageMid = Atomic<Int32>(0)
    let stopMessageAcknowledged = Atomic<Bool>(false)
    let nextWaiterID = Atomic<UInt64>(0)

    /// Creates the libmosquitto handle and checks the configuration; nothing touches the network
    /// until `start()`.
    ///
    /// - Parameters:
    ///   - onMessage: called on the network thread for every message.
    ///   - onPublished: called on the network thread with the mid of each publish when the broker
    ///     acknowledged it (QoS 1/2), or when it was written to the socket (QoS 0).
    ///   - onStateChange: called on the network thread, outside the client's locks, on every change
    ///     of `state`.
    public init(
        configuration: MQTTConfiguration,
        logger: Logger,
        onMessage: @escaping MessageHandler,
        onPublished: (@Sendable (Int32) -> Void)? = nil,
        onStateChange: (@Sendable (MQTTConnectionState) -> Void)? = nil
    ) throws(MQTTError) {
        self.configuration = configuration
        self.handle = try MosquittoHandle(configuration: configuration)
        self.onMessage = onMessage
        self.onPublished = onPublished
        self.onStateChange = onStateChange
        var logger = logger
        logger[metadataKey: "mqtt.client_id"] = "\(configuration.clientId)"
        self.logger = logger
        LibMosquitto.setCallbacks(handle.pointer, Self.callbackTable())
    }

    /// Starts the network thread, which connects, subscribes, and reconnects until `stop`.
    public func start() throws(MQTTError) {
        try lifecycle.withLock { lifecycle throws(MQTTError) in
            guard case .idle = lifecycle else {
                throw MQTTError(code: .invalid, message: "the client can be started only once", context: "start")
            }
            // The C userdata keeps the client alive while callbacks can run; the network thread
            // releases it after destroying the handle, the last point a callback could come.
            let context = Unmanaged.passRetained(self)
            LibMosquitto.setUserData(handle.pointer, context.toOpaque())
            do throws(MQTTError) {
                try NetworkThread.start { self.runNetworkLoop() }
            } catch {
                LibMosquitto.setUserData(handle.pointer, nil)
                context.release()
                throw error
            }
            lifecycle = .running
        }
    }

    /// Stops the client and returns once the network thread has finished and the handle is gone.
    ///
    /// Graceful: publishes the will message itself (the retained "offline"), waits up to
    /// `gracefulStopTimeout` for its PUBACK, then disconnects cleanly so the broker discards the
    /// will. Not graceful: drops the connection the way a crash would, without DISCONNECT, so the
    /// broker publishes the will. Idempotent; later calls wait for the first one to finish.
    public func stop(graceful: Bool = true) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let finished = lifecycle.withLock { lifecycle -> Bool in
                switch lifecycle {
                case .idle:
                    handle.destroy()
                    lifecycle = .stopped
                    return true
                case .running:
                    stopRequest.store((graceful ? StopRequest.graceful : .abandon).rawValue, ordering: .releasing)
                    lifecycle = .stopping([done])
                    return false
                case .stopping(let waiters):
                    lifecycle = .stopping(waiters + [done])
                    return false
                case .stopped:
                    return true
                }
            }
            if finished {
                failReadinessWaiters()
                done.resume()
            } else {
                wake.signal()
            }
        }
    }

    /// Publishes a message from any thread and returns its mid, which `onPublished` reports later.
    ///
    /// Fails with `.noConnection` while disconnected: the caller keeps its own durable outbox and
    /// publishes again after reconnecting, rather than trusting a queue in process memory.
    @discardableResult
    public func publish(
        topic: String, payload: UnsafeRawBufferPointer, qos: MQTTQoS = .atLeastOnce, retain: Bool = false
    ) throws(MQTTError) -> Int32 {
        let outcome: Result<Int32, MQTTError> = lifecycle.withLock { lifecycle in
            guard lifecycle.handleIsAlive else {
                return .failure(MQTTError(code: .noConnection, message: "the client is stopped", context: "publish"))
            }
            let (status, mid) = topic.withCString { topic in
                LibMosquitto.publish(handle.pointer, topic: topic, payload: payload, qos: qos, retain: retain)
            }
            guard status == LibMosquitto.success else {
                return .failure(MQTTError(returnCode: status, context: "publish"))
            }
            return .success(mid)
        }
        return try outcome.get()
    }

    /// Publishes `payload`; see `publish(topic:payload:qos:retain:)`.
    @discardableResult
    public func publish(topic: String, payload: [UInt8], qos: MQTTQoS = .atLeastOnce, retain: Bool = false) throws(MQTTError) -> Int32 {
        let outcome: Result<Int32, MQTTError> = payload.withUnsafeBytes { bytes in
            Result { () throws(MQTTError) -> Int32 in try publish(topic: topic, payload: bytes, qos: qos, retain: retain) }
        }
        return try outcome.get()
    }

    /// Publishes `text` as UTF-8; see `publish(topic:payload:qos:retain:)`.
    @discardableResult
    public func publish(topic: String, text: String, qos: MQTTQoS = .atLeastOnce, retain: Bool = false) throws(MQTTError) -> Int32 {
        try publish(topic: topic, payload: Array(text.utf8), qos: qos, retain: retain)
    }

    /// The connection's current state.
    public var state: MQTTConnectionState { shared.withLock { $0.status.state } }

    /// Connected, and every configured subscription acknowledged by the broker.
    public var isReady: Bool { shared.withLock { $0.status.isReady } }

    /// A snapshot of the connection counters.
    public var statistics: MQTTClientStatistics { shared.withLock { $0.status.statistics } }
}
