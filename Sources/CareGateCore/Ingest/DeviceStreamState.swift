/// What the gateway remembers about one device's message stream to recognise duplicates: an
/// anti-replay window over the device's `seq` (as in IPsec/DTLS), and a digest of the last
/// retained snapshot per role for devices that send no `seq`.
///
/// The live processor and the bulk writer each keep a copy and apply the same accepted messages in
/// journal order, so both copies agree; the writer persists its copy in the same transaction as
/// the rows, which makes recognition survive restarts. A broker redelivery, a retained message
/// re-sent on resubscribe, or a message replayed from the journal is recognised; a device that
/// reboots (its `seq` starts again while its clock moves on) is not mistaken for a replay.
public struct DeviceStreamState: Sendable, Hashable, Codable {
    /// The highest `seq` accepted, and the device time of that message.
    public var highSeq: Int64?
    public var highTs: EpochMillis?
    /// Bit i set: `highSeq - i` was accepted (bit 0 is `highSeq` itself).
    public var window: UInt64
    /// FNV-1a digests of the last retained payload per role, for streams without `seq`.
    public var retainedDigests: [String: UInt64]
    /// The last value of each metric a profile derives edge events from (e.g. `fall_state`).
    public var edges: [String: String]

    /// How far below the highest `seq` a late message is still checked individually; anything
    /// older that is not newer in time is treated as a stale redelivery.
    public static let windowSize: Int64 = 64
    /// A drop in `seq` this large is a counter reset even when the gateway stamped the time.
    static let resetDistance: Int64 = 10_000

    public init(
        highSeq: Int64? = nil, highTs: EpochMillis? = nil, window: UInt64 = 0, retainedDigests: [String: UInt64] = [:],
        edges: [String: String] = [:]
    ) {
        self.highSeq = highSeq
        self.highTs = highTs
        self.window = window
        self.retainedDigests = retainedDigests
        self.edges = edges
    }

    /// Keeps a derived event only when its source metric changed value: a zigbee2mqtt radar
    /// repeats `fall_down_status: fall` in every state message, but that is one fall. Records
    /// the new values of `edgeMetrics` found in the message.
    public mutating func keepChangedEdges(of message: inout DeviceMessage, edgeMetrics: Set<String>) {
        guard !edgeMetrics.isEmpty else { return }
        var unchanged: Set<String> = []
        for reading in message.readings where edgeMetrics.contains(reading.metric) {
            let value = reading.value.description
            if edges[reading.metric] == value { unchanged.insert(reading.metric) } else { edges[reading.metric] = value }
        }
        guard !unchanged.isEmpty else { return }
        message.events.removeAll { event in event.derivedFrom.map(unchanged.contains) ?? false }
    }

    /// Decides whether a message is new, and if so records it.
    ///
    /// - Parameters:
    ///   - seq: the device's counter, if the payload has one.
    ///   - ts: the message time; `stamped` says it is the gateway's receipt time, not the device's.
    ///   - retained: the broker flagged it as a retained message.
    ///   - payloadDigest: `Self.digest(of:)` of the payload, used only for retained messages without `seq`.
    /// - Returns: true if the message is new (and is now remembered), false if it is a duplicate.
    public mutating func admit(
        seq: Int64?, ts: EpochMillis, stamped: Bool, retained: Bool, role: MessageRole, payloadDigest: UInt64
    ) -> Bool {
        guard let seq else {
            guard retained else { return true }
            if retainedDigests[role.rawValue] == payloadDigest { return false }
            retainedDigests[role.rawValue] = payloadDigest
            return true
        }
        guard let high = highSeq else {
            restart(at: seq, ts: ts)
            return true
        }
        if seq > high {
            let shift = seq - high
            window = shift >= 64 ? 1 : (window << UInt64(shift)) | 1
            highSeq = seq
            highTs = ts
            return true
        }
        let behind = high - seq
        if isReset(behind: behind, ts: ts, stamped: stamped) {
            restart(at: seq, ts: ts)
            return true
        }
        guard behind < Self.windowSize else { return false }
        let bit = UInt64(1) << UInt64(behind)
        if window & bit != 0 { return false }
        window |= bit
        return true
    }

    /// A counter that went backwards while the device clock went forwards is a reboot.
    private func isReset(behind: Int64, ts: EpochMillis, stamped: Bool) -> Bool {
        guard behind > 0 else { return false }
        if stamped { return behind >= Self.resetDistance }
        guard let highTs else { return false }
        return ts > highTs
    }

    private mutating func restart(at seq: Int64, ts: EpochMillis) {
        highSeq = seq
        highTs = ts
        window = 1
    }

    /// FNV-1a 64-bit digest of a payload.
    public static func digest(of bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
