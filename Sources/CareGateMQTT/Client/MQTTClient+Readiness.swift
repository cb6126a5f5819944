/// Waiting until the client is connected and subscribed: the daemon reports itself ready to
/// systemd only then, so that a "ready" gateway is one that is actually receiving.
extension MQTTClient {
    /// Returns once the broker has accepted the session and acknowledged every subscription, or
    /// throws `.timeout` (with the last connection error in its message) after `timeout`, or
    /// `.noConnection` if the client stops first.
    ///
    /// The birth message goes out before SUBSCRIBE on the same connection, so once ready the broker
    /// holds it. Without subscriptions, readiness is the CONNACK and the birth may still be in flight.
    public func waitUntilReady(timeout: Duration) async throws(MQTTError) {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.waitForReadiness() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw self.notReadyError(after: timeout)
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch let error as MQTTError {
            throw error
        } catch {
            throw MQTTError(code: .unknown, message: "waiting for readiness was cancelled", context: "waitUntilReady")
        }
    }

    private func notReadyError(after timeout: Duration) -> MQTTError {
        let last = statistics.lastError.map { "; last error: \($0.message)" } ?? ""
        return MQTTError(code: .timeout, message: "not connected and subscribed within \(timeout)\(last)", context: "waitUntilReady")
    }

    private func waitForReadiness() async throws {
        let id = nextWaiterID.add(1, ordering: .relaxed).newValue
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
                // Checked under the lock that the cancellation handler also takes: a cancel that
                // came first is seen here, one that comes later finds the waiter registered.
                let outcome: Result<Void, any Error>? = shared.withLock { shared in
                    if shared.status.isReady { return .success(()) }
                    if shared.stopped {
                        return .failure(MQTTError(code: .noConnection, message: "the client stopped", context: "waitUntilReady"))
                    }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    shared.readinessWaiters[id] = waiter
                    return nil
                }
                if let outcome { waiter.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = shared.withLock { $0.readinessWaiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
