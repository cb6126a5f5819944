import CMosquitto

/// Owns one `struct mosquitto *` and decides which thread may use it.
///
/// `@unchecked Sendable` is safe because of how the client uses it: every call except
/// `mosquitto_publish` happens on the network thread (setup happens before that thread starts, and
/// destruction is the thread's last act); `mosquitto_publish` may run on any thread because the
/// handle is in libmosquitto's threaded mode, where the packet queues it touches have their own
/// mutexes. Destruction and publishing are serialised by the client's lifecycle lock, so no
/// publisher can hold the pointer while it is freed.
final class MosquittoHandle: @unchecked Sendable {
    let pointer: LibMosquitto.Handle
    private var destroyed = false

    init(configuration: MQTTConfiguration) throws(MQTTError) {
        try configuration.validate()
        pointer = try LibMosquitto.new(clientId: configuration.clientId, cleanSession: configuration.cleanSession)
        // If configuring fails, the object is already fully initialised: `deinit` frees the handle.
        try configure(configuration)
    }

    private func configure(_ configuration: MQTTConfiguration) throws(MQTTError) {
        try LibMosquitto.setThreaded(pointer)
        try LibMosquitto.setOption(pointer, MOSQ_OPT_PROTOCOL_VERSION, configuration.protocolVersion.libmosquittoValue, key: "protocolVersion")
        let inflight = Int32(configuration.maxInflightMessages)
        try LibMosquitto.setOption(pointer, MOSQ_OPT_SEND_MAXIMUM, inflight, key: "maxInflightMessages")
        try LibMosquitto.setOption(pointer, MOSQ_OPT_RECEIVE_MAXIMUM, inflight, key: "maxInflightMessages")
        // Device telemetry is many small packets; Nagle would add up to 40 ms to alert publishes.
        try LibMosquitto.setOption(pointer, MOSQ_OPT_TCP_NODELAY, 1, key: "tcpNoDelay")
        if let username = configuration.username {
            try LibMosquitto.setCredentials(pointer, username: username, password: configuration.password)
        }
        if let tls = configuration.tls { try LibMosquitto.setTLS(pointer, tls) }
        if let will = configuration.will { try LibMosquitto.setWill(pointer, will) }
    }

    /// Frees the handle once; callers hold the client's lifecycle lock.
    func destroy() {
        guard !destroyed else { return }
        destroyed = true
        LibMosquitto.destroy(pointer)
    }

    deinit { destroy() }
}
