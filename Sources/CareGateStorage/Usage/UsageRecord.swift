import CareGateCore

/// One usage record as rental services receive it: a device's figures under one contract on one
/// site-local day.
///
/// Finalised records (`seq` set) are immutable and served after a cursor by `GET /v1/usage`.
/// A day normally has one record; figures that arrive after their day was finalised (a device
/// that stored and forwarded, a gateway down past the grace period) become another record for
/// the same key with the next `revision`, so summing the records of a key gives its total.
/// Running figures (`GET /v1/usage/today`) have no `seq`.
public struct UsageRecord: Sendable, Hashable {
    public var seq: Int64?
    public var key: UsageKey
    /// `YYYY-MM-DD` of `key.day`.
    public var date: String
    public var revision: Int
    public var assetTag: String?
    public var kind: String
    public var figures: UsageFigures
    public var finalisedAt: EpochMillis?

    public init(
        seq: Int64?, key: UsageKey, date: String, revision: Int, assetTag: String?, kind: String, figures: UsageFigures,
        finalisedAt: EpochMillis?
    ) {
        self.seq = seq
        self.key = key
        self.date = date
        self.revision = revision
        self.assetTag = assetTag
        self.kind = kind
        self.figures = figures
        self.finalisedAt = finalisedAt
    }
}

extension UsageRecord {
    /// `{"seq","deviceId","assetTag","contract","kind","date","revision","inUseSeconds",
    /// "distanceMetres","sessions","faults","messages","lastSeen","batteryMin","batteryLast",
    /// "finalisedAt"}`; `contract` is null for a device without one.
    public func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("seq"); if let seq { json.value(seq) } else { json.null() }
        json.key("deviceId"); json.value(key.deviceId)
        json.key("assetTag"); if let assetTag { json.value(assetTag) } else { json.null() }
        json.key("contract"); if key.contract.isEmpty { json.null() } else { json.value(key.contract) }
        json.key("kind"); json.value(kind)
        json.key("date"); json.value(date)
        json.key("revision"); json.value(revision)
        json.key("inUseSeconds"); json.value(Double(figures.inUseMillis) / 1000)
        json.key("distanceMetres"); json.value(Double(figures.distanceMillimetres) / 1000)
        json.key("sessions"); json.value(figures.sessions)
        json.key("faults"); json.value(figures.faults)
        json.key("messages"); json.value(figures.messages)
        json.key("lastSeen"); if let seen = figures.lastSeen { json.value(seen) } else { json.null() }
        json.key("batteryMin"); if let low = figures.batteryMin { json.value(low) } else { json.null() }
        json.key("batteryLast"); if let last = figures.batteryLast { json.value(last) } else { json.null() }
        json.key("finalisedAt"); if let finalisedAt { json.value(finalisedAt) } else { json.null() }
        json.endObject()
    }
}
