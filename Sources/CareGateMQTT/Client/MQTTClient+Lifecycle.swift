extension MQTTClient {
    /// The client's life: created, running its network thread, being stopped, stopped.
    enum Lifecycle {
        case idle
        case running
        /// Stop was requested; these callers wait for the network thread to finish.
        case stopping([CheckedContinuation<Void, Never>])
        case stopped

        /// The libmosquitto handle exists until the network thread destroys it (or an idle
        /// client is stopped).
        var handleIsAlive: Bool {
            if case .stopped = self { return false }
            return true
        }
    }

    /// What `stop` asks of the network thread, stored in an `Atomic<UInt8>` it reads each turn.
    enum StopRequest: UInt8 {
        case none = 0
        /// Publish the offline message, wait for its PUBACK, DISCONNECT.
        case graceful = 1
        /// Close the socket without DISCONNECT, so the broker publishes the will.
        case abandon = 2
    }

    /// The connection state machine with the callers waiting for readiness.
    struct SharedStatus {
        var status = ConnectionStatus()
        var readinessWaiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var stopped = false
    }

    var requestedStop: StopRequest {
        StopRequest(rawValue: stopRequest.load(ordering: .acquiring)) ?? .none
    }

    /// Runs a state-machine event under the status lock, then acts on its effects outside it:
    /// observers and resumed waiters may call back into the client.
    func updateStatus(_ event: (inout ConnectionStatus) -> ConnectionStatus.Effects) {
        let (effects, ready) = shared.withLock { shared in
            let effects = event(&shared.status)
            guard effects.becameReady else { return (effects, [CheckedContinuation<Void, any Error>]()) }
            let waiters = Array(shared.readinessWaiters.values)
            shared.readinessWaiters = [:]
            return (effects, waiters)
        }
        if let state = effects.stateChanged { onStateChange?(state) }
        for waiter in ready { waiter.resume() }
    }

    /// Fails every readiness waiter once the client has stopped: readiness can no longer come.
    func failReadinessWaiters() {
        let waiters = shared.withLock { shared in
            shared.stopped = true
            let waiters = Array(shared.readinessWaiters.values)
            shared.readinessWaiters = [:]
            return waiters
        }
        for waiter in waiters {
            waiter.resume(throwing: MQTTError(code: .noConnection, message: "the client stopped", context: "waitUntilReady"))
        }
    }
}
