@testable import CareGateMQTT
import Testing

@Suite struct ConnectionStatusTests {
    private let refusal = MQTTError(code: .connectionRefused, message: "Connection Refused: not authorised.")
    private let lost = MQTTError(code: .connectionLost, message: "The connection was lost.")

    @Test func readyOnlyAfterEverySubscriptionIsAcknowledged() {
        var status = ConnectionStatus()
        #expect(status.attemptStarted() == .init(stateChanged: .connecting))
        #expect(status.accepted(at: .now, sessionPresent: true) == .init(stateChanged: .connected))
        #expect(!status.isReady)
        #expect(status.subscriptionsSent([4, 5]) == .init())
        #expect(status.subscriptionAcknowledged(mid: 4, refusal: nil) == .init())
        #expect(!status.isReady)
        #expect(status.subscriptionAcknowledged(mid: 5, refusal: nil) == .init(becameReady: true))
        #expect(status.isReady)
        #expect(status.statistics.sessionPresent)
    }

    @Test func readyAtOnceWithoutSubscriptions() {
        var status = ConnectionStatus()
        _ = status.attemptStarted()
        _ = status.accepted(at: .now, sessionPresent: false)
        #expect(status.subscriptionsSent([]) == .init(becameReady: true))
    }

    @Test func refusedSubscriptionNeverBecomesReady() {
        var status = ConnectionStatus()
        _ = status.attemptStarted()
        _ = status.accepted(at: .now, sessionPresent: false)
        _ = status.subscriptionsSent([1])
        let denied = MQTTError(code: .aclDenied, message: "refused")
        #expect(status.subscriptionAcknowledged(mid: 1, refusal: denied) == .init())
        #expect(!status.isReady)
        #expect(status.statistics.lastError == denied)
    }

    @Test func unknownSubackIsIgnored() {
        var status = ConnectionStatus()
        _ = status.attemptStarted()
        _ = status.accepted(at: .now, sessionPresent: false)
        _ = status.subscriptionsSent([1])
        #expect(status.subscriptionAcknowledged(mid: 99, refusal: nil) == .init())
        #expect(!status.isReady)
    }

    @Test func countsConnectsDisconnectsAndReconnectAttempts() {
        var status = ConnectionStatus()
        _ = status.attemptStarted()
        _ = status.accepted(at: .now, sessionPresent: false)
        #expect(status.connectionEnded(error: lost) == .init(stateChanged: .disconnected))
        // The loop reports the same ending after the callback did: counted once.
        #expect(status.connectionEnded(error: lost) == .init())
        _ = status.attemptStarted()
        _ = status.connectionEnded(error: MQTTError(code: .errno, message: "Connection refused"))
        _ = status.attemptStarted()
        _ = status.accepted(at: .now, sessionPresent: true)

        #expect(status.statistics.connects == 2)
        #expect(status.statistics.disconnects == 1)
        #expect(status.statistics.reconnectAttempts == 2)
        #expect(status.statistics.lastError?.message == "Connection refused")
    }

    @Test func aRefusalIsNotOverwrittenByTheDisconnectThatFollowsIt() {
        var status = ConnectionStatus()
        _ = status.attemptStarted()
        status.refused(refusal)
        _ = status.connectionEnded(error: MQTTError(code: .connectionRefused, message: "generic"))
        #expect(status.statistics.lastError == refusal)
        #expect(status.statistics.disconnects == 0)
        #expect(status.state == .disconnected)
    }

    @Test func losingTheConnectionLosesReadiness() {
        var status = ConnectionStatus()
        _ = status.attemptStarted()
        _ = status.accepted(at: .now, sessionPresent: false)
        _ = status.subscriptionsSent([])
        #expect(status.isReady)
        _ = status.connectionEnded(error: lost)
        #expect(!status.isReady)
        _ = status.attemptStarted()
        _ = status.accepted(at: .now, sessionPresent: true)
        #expect(!status.isReady, "readiness waits for the new connection's SUBACKs")
    }
}
