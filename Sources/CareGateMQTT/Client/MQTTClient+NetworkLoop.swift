import Dispatch
import Logging

/// The network thread: connect, serve the connection, back off, repeat, until `stop`.
///
/// The client drives `mosquitto_loop` itself instead of `mosquitto_loop_forever` so that the
/// reconnect delay is jittered (libmosquitto's own backoff is not) and so that it decides what a
/// stop means for the broker: an "offline" message and a clean DISCONNECT, or a dropped socket.
extension MQTTClient {
    /// How long one `mosquitto_loop` turn may sleep in `select` when nothing happens. A publish
    /// from another thread wakes it at once; the bound only delays noticing a stop request.
    private static let loopTimeoutMilliseconds: Int32 = 100

    func runNetworkLoop() {
        var attemptsSinceConnect = 0
        let broker = "\(configuration.host):\(configuration.port)"
        while requestedStop == .none {
            let connectsBefore = statistics.connects
            updateStatus { $0.attemptStarted() }
            let status = LibMosquitto.connect(handle.pointer, configuration)
            if status == LibMosquitto.success {
                serveConnection()
            } else {
                let error = MQTTError(returnCode: status, context: "connect \(broker)")
                logFailure(error)
                updateStatus { $0.connectionEnded(error: error) }
            }
            if statistics.connects > connectsBefore { attemptsSinceConnect = 0 }
            guard requestedStop == .none else { break }

            let delay = configuration.reconnect.delay(forAttempt: attemptsSinceConnect)
            attemptsSinceConnect += 1
            logger.debug("mqtt reconnect scheduled", metadata: ["mqtt.delay_ms": "\(delay.milliseconds)"])
            _ = wake.wait(timeout: .now() + .nanoseconds(Int(delay.nanoseconds)))
        }
        finish()
    }

    /// Turns libmosquitto's loop until the connection ends or a stop is requested.
    private func serveConnection() {
        while true {
            let status = LibMosquitto.loop(handle.pointer, timeoutMilliseconds: Self.loopTimeoutMilliseconds)
            switch requestedStop {
            case .graceful: return closeGracefully()
            case .abandon: return abandonConnection()
            case .none: break
            }
            guard status == LibMosquitto.success else {
                let error = MQTTError(returnCode: status, context: "connection")
                if state == .connected { logFailure(error) }
                updateStatus { $0.connectionEnded(error: error) }
                return
            }
        }
    }

    /// Publishes the will message as a normal retained message, waits for its PUBACK, then sends
    /// DISCONNECT: the broker keeps "offline" and discards the will.
    private func closeGracefully() {
        let deadline = ContinuousClock.now + configuration.gracefulStopTimeout
        if state == .connected, let will = configuration.will {
            let (status, mid) = will.topic.withCString { topic in
                will.payload.withUnsafeBytes { payload in
                    LibMosquitto.publish(handle.pointer, topic: topic, payload: payload, qos: will.qos, retain: will.retain)
                }
            }
            if status == LibMosquitto.success && will.qos != .atMostOnce {
                stopMessageMid.store(mid, ordering: .relaxed)
                while !stopMessageAcknowledged.load(ordering: .relaxed) && ContinuousClock.now < deadline {
                    guard LibMosquitto.loop(handle.pointer, timeoutMilliseconds: 10) == LibMosquitto.success else { break }
                }
            }
            if !stopMessageAcknowledged.load(ordering: .relaxed) && will.qos != .atMostOnce {
                logger.warning("mqtt offline message not acknowledged before stop", metadata: ["mqtt.topic": "\(will.topic)"])
            }
        }
        if LibMosquitto.disconnect(handle.pointer) == LibMosquitto.success {
            // The DISCONNECT is queued; the loop writes it, then reports no connection.
            let disconnectDeadline = max(deadline, ContinuousClock.now + .seconds(1))
            while ContinuousClock.now < disconnectDeadline {
                guard LibMosquitto.loop(handle.pointer, timeoutMilliseconds: 10) == LibMosquitto.success else { break }
            }
        }
        updateStatus { $0.connectionEnded(error: nil) }
        logger.info("mqtt disconnected", metadata: ["mqtt.stop": "graceful"])
    }

    /// Shuts the socket down without DISCONNECT, as a crash or a cut cable would, and lets
    /// libmosquitto notice and release it.
    private func abandonConnection() {
        LibMosquitto.abandonSocket(handle.pointer)
        for _ in 0 ..< 10 {
            guard LibMosquitto.loop(handle.pointer, timeoutMilliseconds: 10) == LibMosquitto.success else { break }
        }
        let error = MQTTError(code: .connectionLost, message: "connection dropped by stop(graceful: false)", context: "stop")
        updateStatus { $0.connectionEnded(error: error) }
        logger.info("mqtt disconnected", metadata: ["mqtt.stop": "abandon"])
    }

    /// The thread's last act: destroy the handle, release the C userdata, wake `stop`'s callers.
    private func finish() {
        let stopWaiters = lifecycle.withLock { lifecycle -> [CheckedContinuation<Void, Never>] in
            handle.destroy()
            defer { lifecycle = .stopped }
            if case .stopping(let waiters) = lifecycle { return waiters }
            return []
        }
        updateStatus { $0.connectionEnded(error: nil) }
        failReadinessWaiters()
        Unmanaged.passUnretained(self).release()
        for waiter in stopWaiters { waiter.resume() }
    }

    /// Logs a connection failure as a warning when it differs from the previous one, and at debug
    /// level otherwise, so a broker down for an hour does not write a line every second.
    func logFailure(_ error: MQTTError) {
        let repeated = statistics.lastError == error
        let metadata: Logger.Metadata = [
            "mqtt.broker": "\(configuration.host):\(configuration.port)",
            "mqtt.error": "\(error.message)",
            "mqtt.error_code": "\(error.code.rawValue)",
        ]
        if repeated {
            logger.debug("mqtt connection failed", metadata: metadata)
        } else {
            logger.warning("mqtt connection failed", metadata: metadata)
        }
    }
}
