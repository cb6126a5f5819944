import CareGateCore
import CareGateTestSupport
import GRDB
import Testing

@testable import CareGateStorage

@Suite struct BufferDatabaseTests {
    let directory = TemporaryDirectory("buffer")

    private func message(_ device: String, seq: Int64, readings: [Reading] = [Reading("heart_rate", .number(72))], events: [DeviceEvent] = []) -> DeviceMessage {
        DeviceMessage(
            deviceId: device, profileId: "caregate.vitals-radar", kind: .vitalsRadar, role: events.isEmpty ? .telemetry : .event,
            topic: "care/h1/vitals-radar/\(device)/telemetry", sourceTs: 1_795_312_800_000 + seq, stampedByGateway: false,
            seq: seq, receivedAt: 1_795_312_800_100 + seq, retained: false, qos: 1, readings: readings, events: events)
    }

    @Test func aBatchIsStoredWithItsPositionInOneTransaction() throws {
        let buffer = try BufferDatabase(path: directory.file("buffer.sqlite"))
        #expect(try buffer.committedPosition() == nil)
        let sequence = GatewaySequence(after: try buffer.highestSequence())
        var batch = BufferBatch(through: JournalPosition(segment: 3, offset: 4096))
        batch.messages = [
            message("vr-1", seq: 1, readings: [Reading("heart_rate", .number(72.5)), Reading("in_bed", .bool(true))]),
            message("vr-1", seq: 2, readings: [], events: [DeviceEvent(type: "apnea", data: [Reading("duration_s", .number(25))])]),
        ]
        batch.quarantined = [
            QuarantinedMessage(
                receivedAt: 5, topic: "random/topic", payload: Array("{".utf8), payloadLength: 1, qos: 0, retained: false,
                failure: DecodeFailure(.noProfile, "no profile matches random/topic"), deviceId: nil, profileId: nil)
        ]
        batch.count(IngestCounter.duplicates, by: 3)
        try buffer.write(batch, sequence: sequence)

        #expect(try buffer.committedPosition() == JournalPosition(segment: 3, offset: 4096))
        let tally = try buffer.tally()
        #expect(tally.telemetry == 1)
        #expect(tally.events == 1)
        #expect(tally.quarantineByReason == ["no_profile": 1])
        let counters = try buffer.counters()
        #expect(counters[IngestCounter.duplicates] == 3)
        #expect(counters[IngestCounter.telemetry] == 1)
        #expect(counters[IngestCounter.events] == 1)
        #expect(counters[IngestCounter.quarantined(.noProfile)] == 1)
        let props = try buffer.pool.read { try String.fetchOne($0, sql: "SELECT props FROM telemetry") }
        #expect(props == #"{"heart_rate":72.5,"in_bed":true}"#)
        let event = try buffer.pool.read { try Row.fetchOne($0, sql: "SELECT type, data, gseq FROM events") }
        #expect(event?["type"] == "apnea")
        #expect(event?["data"] == #"{"duration_s":25}"#)
        #expect(try buffer.highestSequence() == sequence.current)
    }

    @Test func gatewaySequenceFollowsCommitOrder() throws {
        let buffer = try BufferDatabase(path: directory.file("buffer.sqlite"))
        let sequence = GatewaySequence(after: 0)
        for n in 0..<3 {
            var batch = BufferBatch(through: JournalPosition(segment: 1, offset: UInt32(100 * (n + 1))))
            batch.messages = (0..<10).map { message("vr-\(n)", seq: Int64($0)) }
            try buffer.write(batch, sequence: sequence)
        }
        let rows = try buffer.pool.read { try Row.fetchAll($0, sql: "SELECT gseq, device_id FROM telemetry ORDER BY gseq") }
        #expect(rows.count == 30)
        #expect(rows.first?["device_id"] == "vr-0")
        #expect(rows.last?["device_id"] == "vr-2")
        #expect(Set(rows.map { $0["gseq"] as Int64 }).count == 30)
    }

    @Test func streamStatesRoundTripWithTheirPosition() throws {
        let path = directory.file("buffer.sqlite")
        var state = DeviceStreamState()
        _ = state.admit(seq: 7, ts: 1_000, stamped: false, retained: false, role: .telemetry, payloadDigest: 0)
        _ = state.admit(seq: nil, ts: 1_000, stamped: true, retained: true, role: .availability, payloadDigest: 99)
        do {
            let buffer = try BufferDatabase(path: path)
            var batch = BufferBatch(through: JournalPosition(segment: 2, offset: 64))
            batch.streamStates = ["fr-1": state]
            try buffer.write(batch, sequence: GatewaySequence(after: 0))
        }
        let reopened = try BufferDatabase(path: path)
        #expect(try reopened.loadStreamStates() == ["fr-1": state])
        #expect(try reopened.streamSnapshotPosition() == JournalPosition(segment: 2, offset: 64))
    }
}
