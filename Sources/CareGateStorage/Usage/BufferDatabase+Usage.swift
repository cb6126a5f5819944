import CareGateCore
import GRDB

extension BufferDatabase {
    /// Adds a meter flush inside the bulk writer's transaction: deltas fold into the open row of
    /// their device, contract and day (created if the day has none, including a day finalised
    /// before: late figures then become its next revision), and device states are replaced.
    ///
    /// A flush comes once a second with at most one row per device and day, so GRDB's statement
    /// arguments are cheap enough here; the per-message path stays in `RawStatement`.
    static func writeUsage(_ flush: UsageFlush, db: Database) throws {
        if !flush.deltas.isEmpty {
            let statement = try db.cachedStatement(sql: """
                INSERT INTO usage_open (device_id, contract, day, asset_tag, kind, in_use_ms, distance_mm, sessions, faults, messages,
                    last_seen, battery_min, battery_last, battery_last_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(device_id, contract, day) DO UPDATE SET
                    asset_tag = coalesce(excluded.asset_tag, asset_tag),
                    in_use_ms = in_use_ms + excluded.in_use_ms,
                    distance_mm = distance_mm + excluded.distance_mm,
                    sessions = sessions + excluded.sessions,
                    faults = faults + excluded.faults,
                    messages = messages + excluded.messages,
                    last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen)),
                    battery_min = min(coalesce(battery_min, excluded.battery_min), coalesce(excluded.battery_min, battery_min)),
                    battery_last = CASE WHEN excluded.battery_last_at >= coalesce(battery_last_at, excluded.battery_last_at)
                        THEN excluded.battery_last ELSE battery_last END,
                    battery_last_at = max(coalesce(battery_last_at, excluded.battery_last_at), coalesce(excluded.battery_last_at, battery_last_at))
                """)
            for (key, delta) in flush.deltas {
                let figures = delta.figures
                try statement.execute(arguments: [
                    key.deviceId, key.contract, key.day, delta.assetTag, delta.kind.rawValue, figures.inUseMillis,
                    figures.distanceMillimetres, figures.sessions, figures.faults, figures.messages, figures.lastSeen, figures.batteryMin,
                    figures.batteryLast, figures.batteryLastAt,
                ])
            }
        }
        guard !flush.states.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO usage_state (device_id, last_ts, in_use, session_open, odometer_mm, odometer_ts, counter_usage_ms,
                counter_distance_mm, counter_sessions, counter_ts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (device, state) in flush.states {
            try statement.execute(arguments: [
                device, state.lastTs, state.inUse, state.sessionOpen, state.odometerMillimetres, state.odometerTs, state.counterUsageMillis,
                state.counterDistanceMillimetres, state.counterSessions, state.counterTs,
            ])
        }
    }

    /// Every device's meter state, to resume metering after a restart.
    public func loadMeterStates() throws -> [String: MeterState] {
        try pool.read { db in
            var states: [String: MeterState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM usage_state") {
                var state = MeterState()
                state.lastTs = row["last_ts"]
                state.inUse = row["in_use"]
                state.sessionOpen = row["session_open"]
                state.odometerMillimetres = row["odometer_mm"]
                state.odometerTs = row["odometer_ts"]
                state.counterUsageMillis = row["counter_usage_ms"]
                state.counterDistanceMillimetres = row["counter_distance_mm"]
                state.counterSessions = row["counter_sessions"]
                state.counterTs = row["counter_ts"]
                states[row["device_id"]] = state
            }
            return states
        }
    }

    /// Finalises every open usage row of a day up to `lastDay`: each becomes an immutable record
    /// with the next gateway sequence number (drawn inside this transaction, the only writer of
    /// `usage_records`, so sequence order is commit order) and the next revision of its key.
    /// Returns how many records were finalised.
    @discardableResult
    public func finaliseUsage(through lastDay: Int64, calendar: SiteCalendar, sequence: GatewaySequence, at now: EpochMillis) throws -> Int {
        try pool.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM usage_open WHERE day <= ? ORDER BY day, device_id, contract", arguments: [lastDay])
            guard !rows.isEmpty else { return 0 }
            var gseq = sequence.reserve(rows.count)
            let revision = try db.cachedStatement(sql: "SELECT count(*) FROM usage_records WHERE device_id = ? AND contract = ? AND day = ?")
            let insert = try db.cachedStatement(sql: """
                INSERT INTO usage_records (gseq, device_id, contract, day, date, revision, asset_tag, kind, in_use_ms, distance_mm, sessions,
                    faults, messages, last_seen, battery_min, battery_last, battery_last_at, finalised_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for row in rows {
                let device: String = row["device_id"], contract: String = row["contract"], day: Int64 = row["day"]
                let earlier = try Int.fetchOne(revision, arguments: [device, contract, day]) ?? 0
                try insert.execute(arguments: [
                    gseq, device, contract, day, calendar.isoDate(day: day), earlier + 1, row["asset_tag"], row["kind"], row["in_use_ms"],
                    row["distance_mm"], row["sessions"], row["faults"], row["messages"], row["last_seen"], row["battery_min"],
                    row["battery_last"], row["battery_last_at"], now,
                ])
                gseq += 1
            }
            try db.execute(sql: "DELETE FROM usage_open WHERE day <= ?", arguments: [lastDay])
            return rows.count
        }
    }

    /// The running (not yet finalised) figures of `day`, by device and contract.
    public func openUsage(day: Int64, calendar: SiteCalendar) async throws -> [UsageRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM usage_open WHERE day = ? ORDER BY device_id, contract", arguments: [day]).map { row in
                Self.usageRecord(row, seq: nil, date: calendar.isoDate(day: day), revision: 0, finalisedAt: nil)
            }
        }
    }

    /// Finalised records with `after < seq <= through`, in sequence order.
    static func usageRecords(_ db: Database, after: Int64, through: Int64, limit: Int) throws -> [UsageRecord] {
        let statement = try db.cachedStatement(sql: "SELECT * FROM usage_records WHERE gseq > ? AND gseq <= ? ORDER BY gseq LIMIT ?")
        return try Row.fetchAll(statement, arguments: [after, through, limit]).map { row in
            usageRecord(row, seq: row["gseq"], date: row["date"], revision: row["revision"], finalisedAt: row["finalised_at"])
        }
    }

    /// The highest sequence number of a usage record (0 when none).
    static func highestUsageSequence(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(gseq) FROM usage_records") ?? 0
    }

    private static func usageRecord(_ row: Row, seq: Int64?, date: String, revision: Int, finalisedAt: EpochMillis?) -> UsageRecord {
        var figures = UsageFigures()
        figures.inUseMillis = row["in_use_ms"]
        figures.distanceMillimetres = row["distance_mm"]
        figures.sessions = row["sessions"]
        figures.faults = row["faults"]
        figures.messages = row["messages"]
        figures.lastSeen = row["last_seen"]
        figures.batteryMin = row["battery_min"]
        figures.batteryLast = row["battery_last"]
        figures.batteryLastAt = row["battery_last_at"]
        return UsageRecord(
            seq: seq, key: UsageKey(deviceId: row["device_id"], contract: row["contract"], day: row["day"]), date: date,
            revision: revision, assetTag: row["asset_tag"], kind: row["kind"], figures: figures, finalisedAt: finalisedAt)
    }
}
