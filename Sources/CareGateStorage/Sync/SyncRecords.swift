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

/// One alert transition of the durable log: `body` is the contract's transition JSON (the same
/// line the alert log holds), which already carries `seq`.
public struct AlertLogRecord: Sendable, Hashable {
    public var seq: Int64
    public var body: String

    public init(seq: Int64, body: String) {
        self.seq = seq
        self.body = body
    }
}

/// A batch of one stream's records, in sequence order.
public enum SyncBatch: Sendable {
    case telemetry([TelemetryRecord])
    case events([EventRecord])
    case alerts([AlertLogRecord])

    public var count: Int {
        switch self {
        case .telemetry(let records): records.count
        case .events(let records): records.count
        case .alerts(let records): records.count
        }
    }

    /// The sequence number of the last record, or nil for an empty batch.
    public var lastSeq: Int64? {
        switch self {
        case .telemetry(let records): records.last?.seq
        case .events(let records): records.last?.seq
        case .alerts(let records): records.last?.seq
        }
    }
}

extension SyncBatch {
    /// The first `count` records.
    public func prefix(_ count: Int) -> SyncBatch {
        switch self {
        case .telemetry(let records): .telemetry(Array(records.prefix(count)))
        case .events(let records): .events(Array(records.prefix(count)))
        case .alerts(let records): .alerts(Array(records.prefix(count)))
        }
    }
}
