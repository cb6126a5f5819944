/// The connection's state machine: every connection event goes in, what the client must do about
/// it comes out.
///
/// Pure and synchronous so that it can be tested without a broker; `MQTTClient` runs it under its
/// status lock on the network thread and acts on the returned `Effects` outside the lock.
struct ConnectionStatus {
    private(set) var state: MQTTConnectionState = .disconnected
    private(set) var statistics = MQTTClientStatistics()
    private(set) var subscribed = false
    private var pendingSubscriptions: Set<Int32> = []
    private var attempts = 0
    private var refusedThisAttempt = false

    /// Connected and every configured subscription acknowledged: the gateway may report ready.
    var isReady: Bool { state == .connected && subscribed }

    /// What the client must do after an event.
    struct Effects: Equatable {
        /// The new state, when it changed: tell the state-change observer.
        var stateChanged: MQTTConnectionState?
        /// Readiness was just reached: resume everyone waiting for it.
        var becameReady = false
    }

    /// A connection attempt begins.
    mutating func attemptStarted() -> Effects {
        if attempts > 0 { statistics.reconnectAttempts += 1 }
        attempts += 1
        refusedThisAttempt = false
        return move(to: .connecting)
    }

    /// The broker accepted the session (CONNACK 0). Readiness waits for `subscriptionsSent`.
    mutating func accepted(at instant: ContinuousClock.Instant, sessionPresent: Bool) -> Effects {
        statistics.connects += 1
        statistics.lastConnectAt = instant
        statistics.sessionPresent = sessionPresent
        subscribed = false
        pendingSubscriptions = []
        return move(to: .connected)
    }

    /// The broker refused the session; the connection is about to close.
    mutating func refused(_ error: MQTTError) {
        statistics.lastError = error
        refusedThisAttempt = true
    }

    /// SUBSCRIBE packets went out with these message ids (none when nothing is configured).
    mutating func subscriptionsSent(_ mids: [Int32]) -> Effects {
        pendingSubscriptions = Set(mids)
        return settleSubscriptions()
    }

    /// A SUBACK arrived; `refusal` is set when the broker refused any of its filters.
    mutating func subscriptionAcknowledged(mid: Int32, refusal: MQTTError?) -> Effects {
        guard pendingSubscriptions.remove(mid) != nil else { return Effects() }
        if let refusal {
            // A refused filter stays refused until the next connect; readiness is never reached.
            statistics.lastError = refusal
            pendingSubscriptions.insert(-1)
        }
        return settleSubscriptions()
    }

    /// Something went wrong that is not a connection event (a failed birth publish or subscribe).
    mutating func failed(_ error: MQTTError) {
        statistics.lastError = error
    }

    /// The attempt failed or the connection ended (`error` is nil for a clean DISCONNECT).
    /// Repeated reports of one ending (callback and loop) count once.
    mutating func connectionEnded(error: MQTTError?) -> Effects {
        guard state != .disconnected else { return Effects() }
        if state == .connected { statistics.disconnects += 1 }
        if let error, !refusedThisAttempt { statistics.lastError = error }
        subscribed = false
        pendingSubscriptions = []
        return move(to: .disconnected)
    }

    private mutating func settleSubscriptions() -> Effects {
        guard state == .connected, !subscribed, pendingSubscriptions.isEmpty else { return Effects() }
        subscribed = true
        return Effects(becameReady: true)
    }

    private mutating func move(to next: MQTTConnectionState) -> Effects {
        guard next != state else { return Effects() }
        state = next
        return Effects(stateChanged: next)
    }
}
