import CareGateCore
import GRDB

extension ControlDatabase {
    /// `asset_events` (migration `v5-assets` in `ControlSchema`): the asset lifecycle, keyed by
    /// gateway sequence like the other synced tables.
    static func createAssetTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE asset_events (
                gseq INTEGER PRIMARY KEY,
                asset_tag TEXT NOT NULL,
                type TEXT NOT NULL,
                contract TEXT,
                note TEXT,
                device_id TEXT,
                staff TEXT NOT NULL,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                recorded_at INTEGER NOT NULL
            );
            CREATE INDEX asset_events_by_tag ON asset_events(asset_tag);
            """)
    }

    /// Records an asset event done by staff member `by` at `at` in one transaction with its
    /// consequences: `assigned` sets the rental contract of the device carrying `assetTag` (if one
    /// is registered), `returned` clears it; the change and the event are audited by `actor` (the
    /// consumer) at `recordedAt`. Returns the stored event and the device as it now is (nil when
    /// no device carries the tag).
    ///
    /// The sequence number is drawn inside the transaction; this is the only writer of
    /// `asset_events`, so sequence order is commit order.
    public func recordAssetEvent(
        assetTag: String, type: AssetEventType, contract: String?, note: String?, by: String, at: EpochMillis, actor: String,
        recordedAt: EpochMillis, sequence: GatewaySequence
    ) throws -> (event: AssetEventRecord, device: DeviceRecord?) {
        try pool.write { db in
            var device = try Row.fetchOne(db, sql: "SELECT * FROM devices WHERE asset_tag = ? ORDER BY device_id LIMIT 1", arguments: [assetTag])
                .map(Self.device(from:))
            var contract = contract
            switch type {
            case .assigned:
                device?.rentalContract = contract
            case .returned:
                contract = contract ?? device?.rentalContract
                device?.rentalContract = nil
            case .disinfected, .maintenance:
                contract = contract ?? device?.rentalContract
            }
            if let device, type == .assigned || type == .returned {
                try db.execute(
                    sql: "UPDATE devices SET rental_contract = ?, updated_at = ? WHERE device_id = ?",
                    arguments: [device.rentalContract, recordedAt, device.deviceId])
                try Self.audit(
                    db, actor: actor, action: "device.update", subject: device.deviceId,
                    detail: "rental_contract=\(device.rentalContract ?? "none") asset=\(assetTag)", at: recordedAt)
            }
            let event = AssetEventRecord(
                seq: sequence.reserve(), assetTag: assetTag, type: type, contract: contract, note: note, deviceId: device?.deviceId,
                by: by, at: at, recordedBy: actor, recordedAt: recordedAt)
            try db.execute(
                sql: """
                    INSERT INTO asset_events (gseq, asset_tag, type, contract, note, device_id, staff, at, actor, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [event.seq, assetTag, type.rawValue, contract, note, event.deviceId, by, at, actor, recordedAt])
            try Self.audit(
                db, actor: actor, action: "asset.\(type.rawValue)", subject: assetTag,
                detail: "by=\(by) at=\(at) contract=\(contract ?? "none")", at: recordedAt)
            return (event, device)
        }
    }

    /// Asset events with `after < seq <= through`, in sequence order.
    static func assetEvents(_ db: Database, after: Int64, through: Int64, limit: Int) throws -> [AssetEventRecord] {
        let statement = try db.cachedStatement(sql: "SELECT * FROM asset_events WHERE gseq > ? AND gseq <= ? ORDER BY gseq LIMIT ?")
        return try Row.fetchAll(statement, arguments: [after, through, limit]).map { row in
            AssetEventRecord(
                seq: row["gseq"], assetTag: row["asset_tag"], type: AssetEventType(rawValue: row["type"]) ?? .maintenance,
                contract: row["contract"], note: row["note"], deviceId: row["device_id"], by: row["staff"], at: row["at"],
                recordedBy: row["actor"], recordedAt: row["recorded_at"])
        }
    }

    /// The highest sequence number of an asset event (0 when none).
    static func highestAssetSequence(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(gseq) FROM asset_events") ?? 0
    }
}
