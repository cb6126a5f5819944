/// A batch of one stream's records, in sequence order.
public enum SyncBatch: Sendable {
    case telemetry([TelemetryRecord])
    case events([EventRecord])
    case alerts([AlertLogRecord])
    case usage([UsageRecord])
    case assets([AssetEventRecord])

    public var count: Int {
        switch self {
        case .telemetry(let records): records.count
        case .events(let records): records.count
        case .alerts(let records): records.count
        case .usage(let records): records.count
        case .assets(let records): records.count
        }
    }

    /// The sequence number of the last record, or nil for an empty batch.
    public var lastSeq: Int64? {
        switch self {
        case .telemetry(let records): records.last?.seq
        case .events(let records): records.last?.seq
        case .alerts(let records): records.last?.seq
        case .usage(let records): records.last?.seq ?? nil
        case .assets(let records): records.last?.seq
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
        case .usage(let records): .usage(Array(records.prefix(count)))
        case .assets(let records): .assets(Array(records.prefix(count)))
        }
    }
}
