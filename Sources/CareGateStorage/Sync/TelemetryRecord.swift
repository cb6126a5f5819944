import CareGateCore

/// One stored telemetry row as platforms receive it: `seq` is its gateway sequence, `deviceSeq`
/// the device's own message counter, `props` the canonical readings as JSON text (written by the
/// bulk writer with `JSONWriter`, so it is passed through without re-encoding).
public struct TelemetryRecord: Sendable, Hashable {
    public var seq: Int64
    public var deviceId: String
    public var kind: String
    public var role: String
    public var ts: EpochMillis
    /// `ts` was stamped by the gateway on receipt (the device sent none).
    public var stamped: Bool
    public var deviceSeq: Int64?
    public var receivedAt: EpochMillis
    public var props: String

    public init(
        seq: Int64, deviceId: String, kind: String, role: String, ts: EpochMillis, stamped: Bool, deviceSeq: Int64?,
        receivedAt: EpochMillis, props: String
    ) {
        self.seq = seq
        self.deviceId = deviceId
        self.kind = kind
        self.role = role
        self.ts = ts
        self.stamped = stamped
        self.deviceSeq = deviceSeq
        self.receivedAt = receivedAt
        self.props = props
    }
}
