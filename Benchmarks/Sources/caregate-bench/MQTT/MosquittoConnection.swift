import CMosquittoBench
import Glibc
import Synchronization

/// One libmosquitto client connection to the benchmark broker, MQTT 3.1.1, clean session.
///
/// Two ways to drive it: `startNetworkThread()` for subscribers (libmosquitto's own thread reads
/// and calls `onMessage` there), or `service(timeoutMillis:)` called by the one thread that owns a
/// publisher, so that `mosquitto_publish` writes straight to the socket instead of waking a
/// network thread per message (libmosquitto 2.0 does that in threaded mode), which would make the
/// load generator the bottleneck.
///
/// `@unchecked Sendable`: the handle is used either by libmosquitto's network thread plus
/// thread-safe calls (publish, subscribe, disconnect take libmosquitto's internal mutexes), or by
/// the single publisher thread that calls `service`; counters the callbacks update are atomics.
final class MosquittoConnection: @unchecked Sendable {
    /// Called on the network thread for each message with its topic and payload bytes (valid only
    /// during the call).
    typealias MessageHandler = @Sendable (_ topic: UnsafePointer<CChar>, _ payload: UnsafeRawBufferPointer) -> Void

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    fileprivate let handle: OpaquePointer
    fileprivate let onMessage: MessageHandler?
    /// Publications the broker has acknowledged (QoS 1 PUBACK; QoS 0 once written).
    let acknowledged = Atomic<Int>(0)
    fileprivate let connected = Atomic<Bool>(false)
    fileprivate let subscribed = Atomic<Int>(0)
    private var threaded = false

    private static let initialized: Bool = {
        mosquitto_lib_init()
        return true
    }()

    init(clientId: String, port: Int, maxInflight: Int = 1000, onMessage: MessageHandler? = nil) throws {
        _ = Self.initialized
        self.onMessage = onMessage
        guard let handle = mosquitto_new(clientId, true, nil) else { throw Failure(description: "mosquitto_new failed") }
        self.handle = handle
        mosquitto_user_data_set(handle, Unmanaged.passUnretained(self).toOpaque())
        mosquitto_int_option(handle, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311)
        mosquitto_int_option(handle, MOSQ_OPT_TCP_NODELAY, 1)
        mosquitto_max_inflight_messages_set(handle, UInt32(maxInflight))
        mosquitto_connect_callback_set(handle, connectCallback)
        mosquitto_publish_callback_set(handle, publishCallback)
        mosquitto_subscribe_callback_set(handle, subscribeCallback)
        mosquitto_message_callback_set(handle, messageCallback)
        let status = mosquitto_connect(handle, "127.0.0.1", Int32(port), 60)
        guard status == MOSQ_ERR_SUCCESS.rawValue else {
            mosquitto_destroy(handle)
            throw Failure(description: "connect to 127.0.0.1:\(port): \(String(cString: mosquitto_strerror(status)))")
        }
    }

    deinit {
        if threaded { mosquitto_loop_stop(handle, true) }
        mosquitto_destroy(handle)
    }

    /// Hands reading and writing to libmosquitto's network thread; waits for CONNACK.
    func startNetworkThread() throws {
        threaded = true
        mosquitto_loop_start(handle)
        try waitUntil("CONNACK") { connected.load(ordering: .acquiring) }
    }

    /// Drives the connection from the calling thread until CONNACK (publisher mode).
    func connectOnThisThread() throws {
        try waitUntil("CONNACK") {
            service(timeoutMillis: 10)
            return connected.load(ordering: .acquiring)
        }
    }

    /// Subscribes and waits for SUBACK.
    func subscribe(_ filter: String, qos: Int32) throws {
        let before = subscribed.load(ordering: .acquiring)
        mosquitto_subscribe(handle, nil, filter, qos)
        try waitUntil("SUBACK for \(filter)") {
            if !threaded { service(timeoutMillis: 10) }
            return subscribed.load(ordering: .acquiring) > before
        }
    }

    /// Queues one message; returns false if libmosquitto refused it (connection lost).
    @discardableResult
    func publish(_ topic: UnsafePointer<CChar>, _ payload: UnsafeRawBufferPointer, qos: Int32) -> Bool {
        mosquitto_publish(handle, nil, topic, Int32(payload.count), payload.baseAddress, qos, false) == MOSQ_ERR_SUCCESS.rawValue
    }

    /// One round of socket reads and writes on the calling thread (publisher mode).
    func service(timeoutMillis: Int32) {
        mosquitto_loop(handle, timeoutMillis, 1)
    }

    func disconnect() {
        mosquitto_disconnect(handle)
        if threaded {
            mosquitto_loop_stop(handle, false)
            threaded = false
        }
    }

    private func waitUntil(_ what: String, _ condition: () -> Bool) throws {
        let deadline = Clock.monotonic() + 10_000_000_000
        while !condition() {
            guard Clock.monotonic() < deadline else { throw Failure(description: "no \(what) within 10 s") }
            if threaded { usleep(1_000) }
        }
    }

    fileprivate static func from(_ userdata: UnsafeMutableRawPointer?) -> MosquittoConnection? {
        userdata.map { Unmanaged<MosquittoConnection>.fromOpaque($0).takeUnretainedValue() }
    }
}

// The callbacks are formed at file scope (nonisolated): a closure formed in a main-actor context
// would trap when libmosquitto calls it on its own thread. The userdata is the connection itself,
// unretained: it outlives its handle (deinit stops the thread before destroying the handle).

private let connectCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Void = { _, userdata, code in
    if code == 0 { MosquittoConnection.from(userdata)?.connected.store(true, ordering: .releasing) }
}

private let publishCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Void = { _, userdata, _ in
    MosquittoConnection.from(userdata)?.acknowledged.add(1, ordering: .relaxed)
}

private let subscribeCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32, Int32, UnsafePointer<Int32>?) -> Void = {
    _, userdata, _, _, _ in
    MosquittoConnection.from(userdata)?.subscribed.add(1, ordering: .releasing)
}

private let messageCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafePointer<mosquitto_message>?) -> Void = {
    _, userdata, message in
    guard let connection = MosquittoConnection.from(userdata), let handler = connection.onMessage, let message else { return }
    let payload = UnsafeRawBufferPointer(start: message.pointee.payload, count: Int(message.pointee.payloadlen))
    handler(message.pointee.topic, payload)
}
