import CareGateCore

/// One stored device event (`fall`, `sos`, `availability`, ...); `data` is JSON text.
public struct EventRecord: Sendable, Hashable {
    public var seq: Int64
    public var deviceId: String
    public var kind: String
    public var type: String
    public var ts: EpochMillis
    public var stamped: Bool
    public var deviceSeq: Int64?
    public var receivedAt: EpochMillis
    public var data: String

    public init(
        seq: Int64, deviceId: String, kind: String, type: String, ts: EpochMillis, stamped: Bool, deviceSeq: Int64?,
        receivedAt: EpochMillis, data: String
    ) {
        self.seq = seq
        self.deviceId = deviceId
        self.kind = kind
        self.type = type
        self.ts = ts
        self.stamped = stamped
        self.deviceSeq = deviceSeq
        self.receivedAt = receivedAt
        self.data = data
    }
}
