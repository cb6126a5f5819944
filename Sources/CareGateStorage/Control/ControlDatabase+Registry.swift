import CareGateCore
import Foundation
import GRDB

extension ControlDatabase {
    /// Everything the registry holds, for start-up.
    public func loadRegistry() throws -> (devices: [DeviceRecord], residents: [ResidentRecord], statuses: [String: DeviceStatus]) {
        try pool.read(Self.loadRegistry)
    }

    static func loadRegistry(_ db: Database) throws -> (devices: [DeviceRecord], residents: [ResidentRecord], statuses: [String: DeviceStatus]) {
        let devices = try Row.fetchAll(db, sql: "SELECT * FROM devices").map(device(from:))
        let residents = try Row.fetchAll(db, sql: "SELECT * FROM residents").map(resident(from:))
        var statuses: [String: DeviceStatus] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM device_status") {
            statuses[row["device_id"]] = DeviceStatus(
                lastSeen: row["last_seen"], online: (row["online"] as Int64?).map { $0 != 0 },
                availabilityChangedAt: row["availability_changed_at"], battery: row["battery"], batteryAt: row["battery_at"])
        }
        return (devices, residents, statuses)
    }

    /// Saves devices and residents, auditing each change by `actor`; unchanged records are not
    /// rewritten or audited.
    public func saveRegistry(devices: [DeviceRecord], residents: [ResidentRecord], actor: String, at: EpochMillis) throws {
        try pool.write { db in
            for resident in residents {
                let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM residents WHERE ref = ?"), arguments: [resident.residentRef])
                    .map(Self.resident(from:))
                guard existing != resident else { continue }
                try db.execute(
                    sql: """
                        INSERT INTO residents (ref, fall_risk, exit_risk, bed_bound, repositioning_hours, night_window, overrides, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(ref) DO UPDATE SET fall_risk = excluded.fall_risk, exit_risk = excluded.exit_risk,
                            bed_bound = excluded.bed_bound, repositioning_hours = excluded.repositioning_hours,
                            night_window = excluded.night_window, overrides = excluded.overrides, updated_at = excluded.updated_at
                        """,
                    arguments: [
                        resident.residentRef, resident.fallRisk.rawValue, resident.exitRisk, resident.bedBound,
                        resident.repositioningHours, resident.nightWindow?.description, Self.encodeOverrides(resident.overrides), at,
                    ])
                try Self.audit(db, actor: actor, action: existing == nil ? "resident.add" : "resident.update", subject: resident.residentRef, detail: "fall_risk=\(resident.fallRisk.rawValue)", at: at)
            }
            for device in devices {
                let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM devices WHERE device_id = ?"), arguments: [device.deviceId])
                    .map(Self.device(from:))
                guard existing != device else { continue }
                try db.execute(
                    sql: """
                        INSERT INTO devices (device_id, kind, profile, site, room, bed, zone, resident_ref, asset_tag, rental_contract, assignment, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(device_id) DO UPDATE SET kind = excluded.kind, profile = excluded.profile, site = excluded.site,
                            room = excluded.room, bed = excluded.bed, zone = excluded.zone, resident_ref = excluded.resident_ref,
                            asset_tag = excluded.asset_tag, rental_contract = excluded.rental_contract,
                            assignment = excluded.assignment, updated_at = excluded.updated_at
                        """,
                    arguments: [
                        device.deviceId, device.kind.rawValue, device.profile, device.site, device.room, device.bed, device.zone,
                        device.residentRef, device.assetTag, device.rentalContract, device.assignment.rawValue, at,
                    ])
                try Self.audit(db, actor: actor, action: existing == nil ? "device.add" : "device.update", subject: device.deviceId, detail: "profile=\(device.profile) assignment=\(device.assignment.rawValue)", at: at)
            }
        }
    }

    /// Deletes a device from the registry, audited.
    public func deleteDevice(_ deviceId: String, actor: String, at: EpochMillis) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM devices WHERE device_id = ?", arguments: [deviceId])
            try db.execute(sql: "DELETE FROM device_status WHERE device_id = ?", arguments: [deviceId])
            try Self.audit(db, actor: actor, action: "device.remove", subject: deviceId, detail: "", at: at)
        }
    }

    /// Saves observed statuses (last seen, availability, battery).
    public func saveStatuses(_ statuses: [String: DeviceStatus]) throws {
        guard !statuses.isEmpty else { return }
        try pool.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO device_status (device_id, last_seen, online, availability_changed_at, battery, battery_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(device_id) DO UPDATE SET last_seen = excluded.last_seen, online = excluded.online,
                    availability_changed_at = excluded.availability_changed_at, battery = excluded.battery, battery_at = excluded.battery_at
                """)
            for (id, status) in statuses {
                try statement.execute(arguments: [id, status.lastSeen, status.online, status.availabilityChangedAt, status.battery, status.batteryAt])
            }
        }
    }

    static func device(from row: Row) -> DeviceRecord {
        DeviceRecord(
            deviceId: row["device_id"], kind: DeviceKind(rawValue: row["kind"]), profile: row["profile"], site: row["site"],
            room: row["room"], bed: row["bed"], zone: row["zone"], residentRef: row["resident_ref"], assetTag: row["asset_tag"],
            rentalContract: row["rental_contract"], assignment: DeviceRecord.Assignment(rawValue: row["assignment"]) ?? .registered)
    }

    static func resident(from row: Row) -> ResidentRecord {
        ResidentRecord(
            residentRef: row["ref"], fallRisk: ResidentRecord.FallRisk(rawValue: row["fall_risk"]) ?? .standard,
            exitRisk: row["exit_risk"], bedBound: row["bed_bound"], repositioningHours: row["repositioning_hours"],
            nightWindow: (row["night_window"] as String?).flatMap(NightWindow.init(parsing:)),
            overrides: decodeOverrides(row["overrides"]))
    }

    static func encodeOverrides(_ overrides: [String: [String: Double]]) -> String {
        let data = (try? JSONEncoder.sorted.encode(overrides)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeOverrides(_ text: String) -> [String: [String: Double]] {
        (try? JSONDecoder().decode([String: [String: Double]].self, from: Data(text.utf8))) ?? [:]
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, so equal values give equal text.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
