import CareGateCore
import Foundation
import GRDB

/// The messages stored in `buffer.sqlite`, rebuilt as `DeviceMessage`s in gateway-sequence
/// (arrival) order, read page by page so a whole night never sits in memory: what
/// `caregate replay` feeds through the rules.
public struct StoredMessages: Sequence, Sendable {
    let queue: DatabaseQueue
    let from: EpochMillis
    let to: EpochMillis
    let profiles: [String: String]

    public func makeIterator() -> Iterator {
        Iterator(source: self)
    }

    /// Pages through telemetry and events, merging them by gateway sequence.
    public struct Iterator: IteratorProtocol {
        private let source: StoredMessages
        private var telemetry: [(Int64, DeviceMessage)] = []
        private var events: [(Int64, DeviceMessage)] = []
        private var telemetryAfter: Int64 = 0
        private var eventsAfter: Int64 = 0
        private var telemetryDone = false
        private var eventsDone = false
        private static let page = 5_000

        init(source: StoredMessages) { self.source = source }

        public mutating func next() -> DeviceMessage? {
            if telemetry.isEmpty && !telemetryDone { refill(events: false) }
            if events.isEmpty && !eventsDone { refill(events: true) }
            switch (telemetry.first, events.first) {
            case (nil, nil): return nil
            case (let t?, nil): telemetry.removeFirst(); return t.1
            case (nil, let e?): events.removeFirst(); return e.1
            case (let t?, let e?):
                if t.0 < e.0 { telemetry.removeFirst(); return t.1 }
                events.removeFirst()
                return e.1
            }
        }

        private mutating func refill(events fromEvents: Bool) {
            let after = fromEvents ? eventsAfter : telemetryAfter
            let sql = fromEvents
                ? "SELECT gseq, device_id, kind, type AS extra, ts, stamped, seq, received_at, data AS body FROM events WHERE gseq > ? AND received_at BETWEEN ? AND ? ORDER BY gseq LIMIT ?"
                : "SELECT gseq, device_id, kind, role AS extra, ts, stamped, seq, received_at, props AS body FROM telemetry WHERE gseq > ? AND received_at BETWEEN ? AND ? ORDER BY gseq LIMIT ?"
            let rows = (try? source.queue.read { try Row.fetchAll($0, sql: sql, arguments: [after, source.from, source.to, Self.page]) }) ?? []
            let messages = rows.map { row in (row["gseq"] as Int64, Self.message(row, isEvent: fromEvents, profiles: source.profiles)) }
            if fromEvents {
                events = messages
                eventsAfter = messages.last?.0 ?? eventsAfter
                eventsDone = rows.count < Self.page
            } else {
                telemetry = messages
                telemetryAfter = messages.last?.0 ?? telemetryAfter
                telemetryDone = rows.count < Self.page
            }
        }

        private static func message(_ row: Row, isEvent: Bool, profiles: [String: String]) -> DeviceMessage {
            let device: String = row["device_id"]
            let values = readings(row["body"])
            var message = DeviceMessage(
                deviceId: device, profileId: profiles[device] ?? "", kind: DeviceKind(rawValue: row["kind"]),
                role: isEvent ? .event : MessageRole(rawValue: row["extra"]) ?? .telemetry, topic: "",
                sourceTs: row["ts"], stampedByGateway: row["stamped"], seq: row["seq"], receivedAt: row["received_at"],
                retained: false, qos: 1)
            if !isEvent {
                message.readings = values
            } else if row["extra"] == "availability" {
                message.role = .availability
                message.online = values["online"]?.bool
            } else {
                message.events = [DeviceEvent(type: row["extra"], data: values)]
            }
            return message
        }

        private static func readings(_ json: String) -> [Reading] {
            guard let object = try? JSONDecoder().decode([String: MetricValue].self, from: Data(json.utf8)) else { return [] }
            return object.keys.sorted().map { Reading($0, object[$0]!) }
        }
    }
}

extension BufferReader {
    /// Stored messages received between `from` and `to` (inclusive), in arrival order;
    /// `profiles` maps device ids to their profile ids.
    public func messages(from: EpochMillis, to: EpochMillis, profiles: [String: String]) -> StoredMessages {
        StoredMessages(queue: queue, from: from, to: to, profiles: profiles)
    }

    /// The receipt time of the first and last stored message.
    public func span() throws -> (first: EpochMillis, last: EpochMillis)? {
        try queue.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT min(first) AS first, max(last) AS last FROM (
                    SELECT min(received_at) AS first, max(received_at) AS last FROM telemetry
                    UNION ALL SELECT min(received_at), max(received_at) FROM events)
                """)
            guard let first: EpochMillis = row?["first"], let last: EpochMillis = row?["last"] else { return nil }
            return (first, last)
        }
    }
}
