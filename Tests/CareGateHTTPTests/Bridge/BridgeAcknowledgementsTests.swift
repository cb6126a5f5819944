import CareGateApp
import CareGateStorage
import Testing

/// The bridge's PUBACK bookkeeping: what it may commit as synced, whatever order acknowledgements
/// come in, and what it publishes again after a lost connection.
struct BridgeAcknowledgementsTests {
    @Test func outOfOrderAcknowledgementsCommitOnlyTheContiguousPrefix() {
        var acks = BridgeAcknowledgements(cursors: [.telemetry: 10])
        for (seq, mid) in [(11, 1), (14, 2), (15, 3), (20, 4)] as [(Int64, Int32)] {
            let recorded = acks.sent(.telemetry, seq: seq, mid: mid, epoch: acks.epoch)
            #expect(recorded)
        }
        #expect(acks.inFlight == 4)
        #expect(acks.publishedThrough(.telemetry) == 20)

        var delivered: [Int64] = []
        for mid: Int32 in [3, 2, 1, 4] {
            let stream = acks.acknowledged(mid: mid)
            #expect(stream == .telemetry)
            delivered.append(acks.deliveredThrough(.telemetry))
        }
        #expect(delivered == [10, 10, 15, 20])
        #expect(acks.inFlight == 0)
    }

    @Test func streamsAreTrackedApartOnOneSetOfMessageIds() {
        var acks = BridgeAcknowledgements(cursors: [:])
        acks.sent(.telemetry, seq: 1, mid: 1, epoch: 0)
        acks.sent(.alerts, seq: 2, mid: 2, epoch: 0)
        acks.sent(.telemetry, seq: 3, mid: 3, epoch: 0)
        let stream = acks.acknowledged(mid: 2)
        #expect(stream == .alerts)
        #expect(acks.deliveredThrough(.alerts) == 2)
        #expect(acks.deliveredThrough(.telemetry) == 0)
        acks.acknowledged(mid: 3)
        #expect(acks.deliveredThrough(.telemetry) == 0)
        acks.acknowledged(mid: 1)
        #expect(acks.deliveredThrough(.telemetry) == 3)
    }

    @Test func aLostConnectionPublishesTheUnacknowledgedAgainAndIgnoresLateAcknowledgements() {
        var acks = BridgeAcknowledgements(cursors: [.events: 5])
        acks.sent(.events, seq: 6, mid: 1, epoch: 0)
        acks.sent(.events, seq: 7, mid: 2, epoch: 0)
        acks.sent(.events, seq: 9, mid: 3, epoch: 0)
        acks.acknowledged(mid: 1)
        acks.acknowledged(mid: 3)
        #expect(acks.deliveredThrough(.events) == 6)

        acks.connectionLost()
        #expect(acks.epoch == 1)
        #expect(acks.inFlight == 0)
        // Reading resumes after the delivered prefix: 7 and 9 go out again.
        #expect(acks.publishedThrough(.events) == 6)
        // A PUBACK of the old connection changes nothing.
        let lateStream = acks.acknowledged(mid: 2)
        #expect(lateStream == nil)
        #expect(acks.deliveredThrough(.events) == 6)
        // A publish that raced with the loss is refused; the caller reads again.
        let raced = acks.sent(.events, seq: 7, mid: 4, epoch: 0)
        #expect(!raced)
        #expect(acks.publishedThrough(.events) == 6)

        let again7 = acks.sent(.events, seq: 7, mid: 5, epoch: 1)
        let again9 = acks.sent(.events, seq: 9, mid: 6, epoch: 1)
        #expect(again7 && again9)
        acks.acknowledged(mid: 6)
        acks.acknowledged(mid: 5)
        #expect(acks.deliveredThrough(.events) == 9)
    }

    @Test func anAcknowledgementThatOvertakesItsPublishIsClaimedBySent() {
        var acks = BridgeAcknowledgements(cursors: [:])
        // The network thread saw the PUBACK of mid 8 before `sent` recorded it.
        let early = acks.acknowledged(mid: 8)
        #expect(early == nil)
        acks.sent(.usage, seq: 4, mid: 8, epoch: 0)
        #expect(acks.deliveredThrough(.usage) == 4)
        #expect(acks.inFlight == 0)
        // An unknown acknowledgement is not kept past the next publish.
        acks.acknowledged(mid: 9)
        acks.sent(.usage, seq: 5, mid: 10, epoch: 0)
        acks.sent(.usage, seq: 6, mid: 9, epoch: 0)
        #expect(acks.deliveredThrough(.usage) == 4)
        #expect(acks.inFlight == 2)
    }

    @Test func aRecordIsNeverRecordedTwiceOrOutOfOrder() {
        var acks = BridgeAcknowledgements(cursors: [.assets: 3])
        let committedAgain = acks.sent(.assets, seq: 3, mid: 1, epoch: 0)
        let next = acks.sent(.assets, seq: 4, mid: 2, epoch: 0)
        let twice = acks.sent(.assets, seq: 4, mid: 3, epoch: 0)
        #expect(!committedAgain && next && !twice)
        #expect(acks.inFlight == 1)
    }
}
