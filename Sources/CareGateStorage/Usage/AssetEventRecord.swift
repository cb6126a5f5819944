import CareGateCore

/// One asset lifecycle event as stored and served (`GET /v1/assets/events`), with its gateway
/// sequence: who did what to which asset and when, and who recorded it.
public struct AssetEventRecord: Sendable, Hashable {
    public var seq: Int64
    public var assetTag: String
    public var type: AssetEventType
    /// The contract the event concerns (required for `assigned`; for the other types, the
    /// contract the device had unless the request names one).
    public var contract: String?
    public var note: String?
    /// The registered device carrying the asset tag at the time, if any.
    public var deviceId: String?
    /// The staff member who did it, as reported.
    public var by: String
    /// When it happened, as reported.
    public var at: EpochMillis
    /// The API consumer that recorded it, and when.
    public var recordedBy: String
    public var recordedAt: EpochMillis

    public init(
        seq: Int64, assetTag: String, type: AssetEventType, contract: String?, note: String?, deviceId: String?, by: String,
        at: EpochMillis, recordedBy: String, recordedAt: EpochMillis
    ) {
        self.seq = seq
        self.assetTag = assetTag
        self.type = type
        self.contract = contract
        self.note = note
        self.deviceId = deviceId
        self.by = by
        self.at = at
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// `{"seq","assetTag","type","contract","note","deviceId","by","at","recordedBy","recordedAt"}`.
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("seq"); json.value(seq)
        json.key("assetTag"); json.value(assetTag)
        json.key("type"); json.value(type.rawValue)
        json.key("contract"); if let contract { json.value(contract) } else { json.null() }
        json.key("note"); if let note { json.value(note) } else { json.null() }
        json.key("deviceId"); if let deviceId { json.value(deviceId) } else { json.null() }
        json.key("by"); json.value(by)
        json.key("at"); json.value(at)
        json.key("recordedBy"); json.value(recordedBy)
        json.key("recordedAt"); json.value(recordedAt)
        json.endObject()
    }
}
