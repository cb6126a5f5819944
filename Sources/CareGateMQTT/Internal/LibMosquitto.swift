import CMosquitto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that calls libmosquitto: every raw C call of the module goes through here, so
/// tracing, fault injection and the reading of return codes have a single seam.
///
/// Functions that can fail return the raw `MOSQ_ERR_*` code where the caller decides what a
/// failure means (the network loop), and throw `MQTTError` where any failure is a configuration
/// error (setup).
enum LibMosquitto {
    typealias Handle = OpaquePointer

    /// `mosquitto_lib_init`, run once per process: Swift initialises a static `let` exactly once,
    /// thread-safely (`swift_once`), whichever client is created first.
    private static let initialization: Int32 = mosquitto_lib_init()

    static func new(clientId: String, cleanSession: Bool) throws(MQTTError) -> Handle {
        let status = initialization
        guard status == MOSQ_ERR_SUCCESS.rawValue else { throw MQTTError(returnCode: status, context: "mosquitto_lib_init") }
        let id: String? = clientId.isEmpty ? nil : clientId
        guard let handle = mosquitto_new(id, cleanSession, nil) else {
            throw MQTTError(code: errno == ENOMEM ? .noMemory : .invalid, message: "mosquitto_new failed", context: "clientId")
        }
        return handle
    }

    static func destroy(_ handle: Handle) { mosquitto_destroy(handle) }

    static func setUserData(_ handle: Handle, _ pointer: UnsafeMutableRawPointer?) {
        mosquitto_user_data_set(handle, pointer)
    }

    // MARK: Setup (before the first connect)

    static func setThreaded(_ handle: Handle) throws(MQTTError) {
        try check(mosquitto_threaded_set(handle, true), "threaded_set")
    }

    static func setOption(_ handle: Handle, _ option: mosq_opt_t, _ value: Int32, key: String) throws(MQTTError) {
        try check(mosquitto_int_option(handle, option, value), key)
    }

    static func setCredentials(_ handle: Handle, username: String, password: String?) throws(MQTTError) {
        try check(mosquitto_username_pw_set(handle, username, password), "username")
    }

    static func setTLS(_ handle: Handle, _ tls: MQTTTLSConfiguration) throws(MQTTError) {
        if tls.caFile == nil && tls.caDirectory == nil {
            try setOption(handle, MOSQ_OPT_TLS_USE_OS_CERTS, 1, key: "tls")
        } else {
            let status = mosquitto_tls_set(handle, tls.caFile, tls.caDirectory, tls.certificateFile, tls.privateKeyFile, nil)
            try check(status, "tls")
        }
        if tls.allowInsecureHostname {
            try check(mosquitto_tls_insecure_set(handle, true), "tls.allowInsecureHostname")
        }
    }

    static func setWill(_ handle: Handle, _ will: MQTTOutgoingMessage) throws(MQTTError) {
        let status = will.payload.withUnsafeBytes { bytes in
            mosquitto_will_set(handle, will.topic, Int32(bytes.count), bytes.baseAddress, Int32(will.qos.rawValue), will.retain)
        }
        try check(status, "will")
    }

    static func setCallbacks(_ handle: Handle, _ table: CallbackTable) {
        mosquitto_connect_with_flags_callback_set(handle, table.connect)
        mosquitto_disconnect_callback_set(handle, table.disconnect)
        mosquitto_subscribe_callback_set(handle, table.subscribe)
        mosquitto_message_callback_set(handle, table.message)
        mosquitto_publish_callback_set(handle, table.publish)
    }

    /// The C functions libmosquitto calls back on the network thread.
    struct CallbackTable {
        var connect: @convention(c) (Handle?, UnsafeMutableRawPointer?, Int32, Int32) -> Void
        var disconnect: @convention(c) (Handle?, UnsafeMutableRawPointer?, Int32) -> Void
        var subscribe: @convention(c) (Handle?, UnsafeMutableRawPointer?, Int32, Int32, UnsafePointer<Int32>?) -> Void
        var message: @convention(c) (Handle?, UnsafeMutableRawPointer?, UnsafePointer<mosquitto_message>?) -> Void
        var publish: @convention(c) (Handle?, UnsafeMutableRawPointer?, Int32) -> Void
    }

    // MARK: Network thread

    /// Opens the TCP (and TLS) connection and queues CONNECT; blocking, so only the network thread
    /// calls it. MQTT 5 persistent sessions carry a Session Expiry Interval.
    static func connect(_ handle: Handle, _ configuration: MQTTConfiguration) -> Int32 {
        var properties: OpaquePointer?
        defer { mosquitto_property_free_all(&properties) }
        if configuration.protocolVersion == .v5 && !configuration.cleanSession {
            let status = mosquitto_property_add_int32(
                &properties, Int32(MQTT_PROP_SESSION_EXPIRY_INTERVAL.rawValue), configuration.sessionExpirySeconds)
            if status != MOSQ_ERR_SUCCESS.rawValue { return status }
        }
        return mosquitto_connect_bind_v5(
            handle, configuration.host, Int32(configuration.port), Int32(configuration.keepAliveSeconds), nil, properties)
    }

    /// One turn of libmosquitto's loop: wait up to `timeoutMilliseconds` for traffic (or for a
    /// publish from another thread, which wakes it through libmosquitto's socket pair), read,
    /// write, keep alive.
    static func loop(_ handle: Handle, timeoutMilliseconds: Int32) -> Int32 {
        mosquitto_loop(handle, timeoutMilliseconds, 1)
    }

    static func disconnect(_ handle: Handle) -> Int32 { mosquitto_disconnect(handle) }

    /// Ends the connection the way a crash would: the socket closes without a DISCONNECT packet,
    /// so the broker publishes the will. The descriptor stays open until libmosquitto notices.
    static func abandonSocket(_ handle: Handle) {
        let socket = mosquitto_socket(handle)
        if socket >= 0 { _ = shutdown(socket, Int32(SHUT_RDWR)) }
    }

    /// Subscribes to `filters` at one QoS in a single SUBSCRIBE packet; returns the status and mid.
    static func subscribe(_ handle: Handle, filters: [String], qos: MQTTQoS) -> (status: Int32, mid: Int32) {
        var mid: Int32 = 0
        let copies = filters.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let status = copies.withUnsafeBufferPointer { pointers in
            mosquitto_subscribe_multiple(handle, &mid, Int32(pointers.count), pointers.baseAddress, Int32(qos.rawValue), 0, nil)
        }
        return (status, mid)
    }

    // MARK: Any thread (libmosquitto's threaded mode guards these with its own mutexes)

    static func publish(
        _ handle: Handle, topic: UnsafePointer<CChar>, payload: UnsafeRawBufferPointer, qos: MQTTQoS, retain: Bool
    ) -> (status: Int32, mid: Int32) {
        var mid: Int32 = 0
        let status = mosquitto_publish(handle, &mid, topic, Int32(payload.count), payload.baseAddress, Int32(qos.rawValue), retain)
        return (status, mid)
    }

    // MARK: Text

    static func errorString(_ code: Int32) -> String { String(cString: mosquitto_strerror(code)) }
    static func connackString(_ code: Int32) -> String { String(cString: mosquitto_connack_string(code)) }
    static func reasonString(_ code: Int32) -> String { String(cString: mosquitto_reason_string(code)) }

    static let success = MOSQ_ERR_SUCCESS.rawValue

    private static func check(_ status: Int32, _ key: String) throws(MQTTError) {
        guard status == MOSQ_ERR_SUCCESS.rawValue else { throw MQTTError(returnCode: status, context: key) }
    }
}
