import CareGateCore
import Hummingbird
import Testing

@testable import CareGateHTTP

/// Event framing and the replay/live hand-over.
struct ServerSentEventsTests {
    @Test func aTransitionIsOneEventWithItsSeqAsId() {
        var buffer = ByteBuffer()
        ServerSentEvents.appendTransition(seq: 42, json: #"{"seq":42}"#, to: &buffer)
        #expect(String(buffer: buffer) == "id: 42\nevent: transition\ndata: {\"seq\":42}\n\n")
    }

    @Test func lastEventIDMustBeASequenceNumber() {
        #expect(ServerSentEvents.sequence(fromLastEventID: " 17 ") == 17)
        #expect(ServerSentEvents.sequence(fromLastEventID: "0") == 0)
        #expect(ServerSentEvents.sequence(fromLastEventID: "-3") == nil)
        #expect(ServerSentEvents.sequence(fromLastEventID: "abc") == nil)
    }

    @Test func liveTransitionsTheReplayCoveredAreDropped() {
        let filter = AlertFeedFilter(replayedThrough: 10)
        func transition(_ seq: Int64) -> AlertTransition {
            AlertTransition(
                seq: seq, alertId: "A", transition: .raised, rule: "sos", severity: .high, tier: 1, site: "s", room: nil, bed: nil,
                deviceId: "d", kind: .callButton, residentRef: nil, sourceTs: 0, raisedAt: 0, at: 0, by: nil, message: "m")
        }
        #expect(!filter.shouldSend(transition(9)))
        #expect(!filter.shouldSend(transition(10)))
        #expect(filter.shouldSend(transition(11)))
    }
}
