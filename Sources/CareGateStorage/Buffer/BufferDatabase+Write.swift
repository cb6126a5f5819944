import CareGateCore
import GRDB

extension BufferDatabase {
    /// Commits a batch in one transaction: rows, counters, optionally the de-duplication state,
    /// and the journal position it covers, so that after a crash nothing is stored twice and
    /// nothing is skipped.
    ///
    /// Gateway sequence numbers are drawn inside the transaction; this is the only writer of these
    /// tables, so sequence order equals commit order for every consumer cursor.
    public func write(_ batch: BufferBatch, sequence: GatewaySequence) throws {
        try pool.write { db in
            var json = JSONWriter(capacity: 512)
            try insertMessages(batch.messages, db: db, sequence: sequence, json: &json)
            try insertQuarantine(batch.quarantined, db: db)
            try addCounters(batch, db: db)
            if let states = batch.streamStates {
                try saveStreamStates(states, db: db)
                if let usage = batch.usage { try Self.writeUsage(usage, db: db) }
                try savePosition("streams", batch.through, db: db)
            }
            try savePosition("committed", batch.through, db: db)
        }
    }

    private func insertMessages(_ messages: [DeviceMessage], db: Database, sequence: GatewaySequence, json: inout JSONWriter) throws {
        guard !messages.isEmpty else { return }
        let telemetry = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO telemetry (gseq, device_id, kind, role, ts, stamped, seq, received_at, props)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """))
        let events = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO events (gseq, device_id, kind, type, ts, stamped, seq, received_at, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """))
        let rows = messages.reduce(0) { $0 + $1.storedRowCount }
        var gseq = sequence.reserve(rows)
        for message in messages {
            if !message.readings.isEmpty {
                json.reset()
                json.object(message.readings)
                telemetry.bind(1, gseq)
                telemetry.bind(2, message.deviceId)
                telemetry.bind(3, message.kind.rawValue)
                telemetry.bind(4, message.role.rawValue)
                bindTimes(telemetry, message)
                json.bytes.withUnsafeBytes { telemetry.bindText(9, $0) }
                try telemetry.step(db)
                gseq += 1
            }
            for event in message.storedEvents {
                json.reset()
                json.object(event.data)
                events.bind(1, gseq)
                events.bind(2, message.deviceId)
                events.bind(3, message.kind.rawValue)
                events.bind(4, event.type)
                bindTimes(events, message)
                json.bytes.withUnsafeBytes { events.bindText(9, $0) }
                try events.step(db)
                gseq += 1
            }
        }
        let telemetryRows = messages.reduce(0) { $0 + ($1.readings.isEmpty ? 0 : 1) }
        try addCounter(IngestCounter.telemetry, Int64(telemetryRows), db: db)
        try addCounter(IngestCounter.events, Int64(rows - telemetryRows), db: db)
    }

    private func bindTimes(_ statement: RawStatement, _ message: DeviceMessage) {
        statement.bind(5, message.sourceTs)
        statement.bind(6, message.stampedByGateway)
        statement.bind(7, message.seq)
        statement.bind(8, message.receivedAt)
    }

    private func insertQuarantine(_ messages: [QuarantinedMessage], db: Database) throws {
        guard !messages.isEmpty else { return }
        let statement = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO quarantine (received_at, topic, payload, payload_length, qos, retained, reason, detail, device_id, profile_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """))
        for message in messages {
            statement.bind(1, message.receivedAt)
            statement.bind(2, message.topic)
            message.payload.withUnsafeBytes { statement.bindBlob(3, $0) }
            statement.bind(4, Int64(message.payloadLength))
            statement.bind(5, Int64(message.qos))
            statement.bind(6, message.retained)
            statement.bind(7, message.failure.reason.rawValue)
            statement.bind(8, message.failure.detail)
            statement.bind(9, message.deviceId)
            statement.bind(10, message.profileId)
            try statement.step(db)
            try addCounter(IngestCounter.quarantined(message.failure.reason), 1, db: db)
        }
    }

    private func addCounters(_ batch: BufferBatch, db: Database) throws {
        for (name, amount) in batch.counters where amount != 0 {
            try addCounter(name, amount, db: db)
        }
    }

    private func addCounter(_ name: String, _ amount: Int64, db: Database) throws {
        guard amount != 0 else { return }
        let statement = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO ingest_counters (name, value) VALUES (?, ?)
            ON CONFLICT(name) DO UPDATE SET value = value + excluded.value
            """))
        statement.bind(1, name)
        statement.bind(2, amount)
        try statement.step(db)
    }

    private func saveStreamStates(_ states: [String: DeviceStreamState], db: Database) throws {
        let statement = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO stream_state (device_id, high_seq, high_ts, window, retained, edges) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(device_id) DO UPDATE SET high_seq = excluded.high_seq, high_ts = excluded.high_ts,
                window = excluded.window, retained = excluded.retained, edges = excluded.edges
            """))
        for (device, state) in states {
            statement.bind(1, device)
            statement.bind(2, state.highSeq)
            statement.bind(3, state.highTs)
            statement.bind(4, Int64(bitPattern: state.window))
            statement.bind(5, Self.encodePairs(state.retainedDigests))
            statement.bind(6, Self.encodePairs(state.edges))
            try statement.step(db)
        }
    }

    private func savePosition(_ name: String, _ position: JournalPosition, db: Database) throws {
        let statement = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO ingest_position (name, segment, offset) VALUES (?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET segment = excluded.segment, offset = excluded.offset
            """))
        statement.bind(1, name)
        statement.bind(2, Int64(position.segment))
        statement.bind(3, Int64(position.offset))
        try statement.step(db)
    }
}

extension DeviceMessage {
    /// Events stored for this message: its events, or its availability as an `availability` event.
    var storedEvents: [DeviceEvent] {
        if let online, events.isEmpty {
            return [DeviceEvent(type: "availability", data: [Reading("online", .bool(online))])]
        }
        return events
    }

    /// Rows this message becomes in `buffer.sqlite`.
    var storedRowCount: Int { (readings.isEmpty ? 0 : 1) + storedEvents.count }
}
