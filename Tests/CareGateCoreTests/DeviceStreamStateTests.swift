import CareGateCore
import Testing

@Suite struct DeviceStreamStateTests {
    private func admit(_ state: inout DeviceStreamState, _ seq: Int64?, ts: EpochMillis, stamped: Bool = false, retained: Bool = false, digest: UInt64 = 0) -> Bool {
        state.admit(seq: seq, ts: ts, stamped: stamped, retained: retained, role: .telemetry, payloadDigest: digest)
    }

    @Test func aRedeliveredMessageIsADuplicate() {
        var state = DeviceStreamState()
        #expect(admit(&state, 1, ts: 1000))
        #expect(admit(&state, 2, ts: 2000))
        #expect(!admit(&state, 2, ts: 2000))
        #expect(!admit(&state, 1, ts: 1000))
    }

    @Test func aLateMessageInsideTheWindowIsAcceptedOnce() {
        var state = DeviceStreamState()
        #expect(admit(&state, 11, ts: 1100))
        // An event with seq 10 overtaken by telemetry with seq 11 on another topic.
        #expect(admit(&state, 10, ts: 1000))
        #expect(!admit(&state, 10, ts: 1000))
    }

    @Test func windowEdges() {
        var state = DeviceStreamState()
        #expect(admit(&state, 100, ts: 100_000))
        #expect(admit(&state, 100 - 63, ts: 37_000))  // last slot of the window
        #expect(!admit(&state, 100 - 64, ts: 36_000))  // older than the window: stale
        #expect(admit(&state, 200, ts: 200_000))  // a jump past the window clears it
        #expect(admit(&state, 199, ts: 199_000))
        #expect(!admit(&state, 200, ts: 200_000))
    }

    @Test func aRebootedDeviceIsNotAReplay() {
        var state = DeviceStreamState()
        #expect(admit(&state, 5000, ts: 1_000_000))
        // seq restarts at 1, but the device clock moved on.
        #expect(admit(&state, 1, ts: 1_060_000))
        #expect(admit(&state, 2, ts: 1_061_000))
        #expect(!admit(&state, 1, ts: 1_060_000))
    }

    @Test func gatewayStampedTimesNeedALargeDropToCountAsAReset() {
        var state = DeviceStreamState()
        #expect(admit(&state, 50, ts: 1_000, stamped: true))
        #expect(!admit(&state, 50, ts: 2_000, stamped: true))
        #expect(admit(&state, 20_060, ts: 3_000, stamped: true))
        #expect(admit(&state, 3, ts: 4_000, stamped: true))
    }

    @Test func retainedSnapshotsWithoutSeqAreComparedByContent() {
        var state = DeviceStreamState()
        #expect(admit(&state, nil, ts: 1, retained: true, digest: 42))
        #expect(!admit(&state, nil, ts: 2, retained: true, digest: 42))
        #expect(admit(&state, nil, ts: 3, retained: true, digest: 43))
        // Live (non-retained) messages without seq are always new.
        #expect(admit(&state, nil, ts: 4, digest: 43))
        #expect(admit(&state, nil, ts: 5, digest: 43))
    }

    @Test func digestIsFNV1a() {
        let digest = Array("a".utf8).withUnsafeBytes { DeviceStreamState.digest(of: $0) }
        #expect(digest == 0xAF63_DC4C_8601_EC8C)
    }
}
