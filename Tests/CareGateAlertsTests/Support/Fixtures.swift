import CareGateCore

/// Times, devices and residents shared by the alert tests. The site is in Shanghai (UTC+8).
enum Fixture {
    static let calendar = SiteCalendar(identifier: "Asia/Shanghai")!
    /// 2026-11-22 00:00 local.
    static let midnight: EpochMillis = 1_795_276_800_000
    static let second: EpochMillis = 1000
    static let minute: EpochMillis = 60_000

    /// Local time on 2026-11-22 (or `day` days later).
    static func local(_ hour: Int, _ minute: Int, _ second: Int = 0, day: Int = 0) -> EpochMillis {
        midnight + EpochMillis(day) * 86_400_000 + EpochMillis(hour * 3600 + minute * 60 + second) * 1000
    }

    /// 10:00 local: daytime.
    static let morning = local(10, 0)

    static func device(
        _ id: String, _ kind: DeviceKind, resident: String? = "r1", zone: String? = nil, room: String = "101"
    ) -> DeviceRecord {
        DeviceRecord(
            deviceId: id, kind: kind, profile: kind.rawValue, site: "site-a", room: room, bed: "A", zone: zone,
            residentRef: resident, assignment: resident == nil ? .unassigned : .registered)
    }

    static let radar = device("radar-1", .fallRadar)
    static let watch = device("watch-1", .wearable)
    static let pendant = device("pendant-1", .callButton)
    static let bed = device("bed-1", .careBed)
    static let vitals = device("vitals-1", .vitalsRadar)
    static let bathroomRadar = device("bath-1", .fallRadar, zone: "bathroom")
    static let wheelchair = device("chair-1", .wheelchair)
    static let hoist = device("hoist-1", .hoist, resident: nil)

    static let devices = [radar, watch, pendant, bed, vitals, bathroomRadar, wheelchair, hoist]

    static func resident(
        _ ref: String = "r1", fallRisk: ResidentRecord.FallRisk = .standard, exitRisk: Bool = false,
        bedBound: Bool = false, plan: Double? = nil, night: NightWindow? = nil, overrides: [String: [String: Double]] = [:]
    ) -> ResidentRecord {
        ResidentRecord(
            residentRef: ref, fallRisk: fallRisk, exitRisk: exitRisk, bedBound: bedBound, repositioningHours: plan,
            nightWindow: night, overrides: overrides)
    }
}
