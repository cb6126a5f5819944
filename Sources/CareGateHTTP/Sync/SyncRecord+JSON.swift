import CareGateCore
import CareGateStorage
import Hummingbird

extension TelemetryRecord {
    /// `{"seq","deviceId","kind","role","ts","stamped","deviceSeq","receivedAt","props"}`;
    /// `props` is copied through as stored.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("seq"); json.value(seq)
        json.key("deviceId"); json.value(deviceId)
        json.key("kind"); json.value(kind)
        json.key("role"); json.value(role)
        json.key("ts"); json.value(ts)
        json.key("stamped"); json.value(stamped)
        json.key("deviceSeq"); if let deviceSeq { json.value(deviceSeq) } else { json.null() }
        json.key("receivedAt"); json.value(receivedAt)
        json.key("props"); json.raw(props)
        json.endObject()
    }
}

extension EventRecord {
    /// `{"seq","deviceId","kind","type","ts","stamped","deviceSeq","receivedAt","data"}`.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("seq"); json.value(seq)
        json.key("deviceId"); json.value(deviceId)
        json.key("kind"); json.value(kind)
        json.key("type"); json.value(type)
        json.key("ts"); json.value(ts)
        json.key("stamped"); json.value(stamped)
        json.key("deviceSeq"); if let deviceSeq { json.value(deviceSeq) } else { json.null() }
        json.key("receivedAt"); json.value(receivedAt)
        json.key("data"); json.raw(data)
        json.endObject()
    }
}

extension SyncBatch {
    /// Writes the records as consecutive JSON values (inside an array the writer has opened).
    func write(to json: inout JSONWriter) {
        switch self {
        case .telemetry(let records): for record in records { record.write(to: &json) }
        case .events(let records): for record in records { record.write(to: &json) }
        case .alerts(let records): for record in records { json.raw(record.body) }
        case .usage(let records): for record in records { record.write(to: &json) }
        case .assets(let records): for record in records { record.write(to: &json) }
        }
    }

    /// Calls `body` with each record's `seq` and JSON object (in `scratch`, reused): the upstream
    /// bridge publishes each record as its own message, in the shape the API serves.
    public func forEachRecord(scratch json: inout JSONWriter, _ body: (Int64, [UInt8]) throws -> Void) rethrows {
        switch self {
        case .telemetry(let records): try Self.each(records, scratch: &json, body)
        case .events(let records): try Self.each(records, scratch: &json, body)
        case .alerts(let records): for record in records { try body(record.seq, Array(record.body.utf8)) }
        case .usage(let records): try Self.each(records, scratch: &json, body)
        case .assets(let records): try Self.each(records, scratch: &json, body)
        }
    }

    /// Appends the records as NDJSON, one line each. `scratch` is reused for every record, so
    /// encoding allocates nothing per record beyond what the rows themselves hold.
    func appendLines(to buffer: inout ByteBuffer, scratch json: inout JSONWriter) {
        if case .alerts(let records) = self {
            // Stored as the JSON line they are served as: copied straight into the buffer.
            for record in records {
                buffer.writeString(record.body)
                buffer.writeInteger(UInt8(ascii: "\n"))
            }
            return
        }
        forEachRecord(scratch: &json) { _, bytes in
            buffer.writeBytes(bytes)
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
    }

    private static func each<Record: RenderedSyncRecord>(
        _ records: [Record], scratch json: inout JSONWriter, _ body: (Int64, [UInt8]) throws -> Void
    ) rethrows {
        for record in records {
            json.reset()
            record.write(to: &json)
            try body(record.syncSeq, json.bytes)
        }
    }
}

/// A sync record the API renders with `JSONWriter`, one JSON object per record.
protocol RenderedSyncRecord {
    /// The gateway sequence the record is served under.
    var syncSeq: Int64 { get }
    func write(to json: inout JSONWriter)
}

extension TelemetryRecord: RenderedSyncRecord {
    var syncSeq: Int64 { seq }
}

extension EventRecord: RenderedSyncRecord {
    var syncSeq: Int64 { seq }
}

extension UsageRecord: RenderedSyncRecord {
    var syncSeq: Int64 { seq ?? 0 }
}

extension AssetEventRecord: RenderedSyncRecord {
    var syncSeq: Int64 { seq }
}
