import CareGateCore
import CareGateTestSupport
import Foundation
import Testing

/// Rental metering through the real daemon and broker: contracts assigned over the API and the
/// CLI, a scripted day of wheelchair and bed use published as devices, a `kill -9` in the middle,
/// and the usage records a rental service pulls over HTTP compared with the figures worked out by
/// hand in `RentalDayScript`.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct UsageIntegrationTests {
    static let rentalToken = "cgt_rental-under-test"
    static let config = """
        timezone: Asia/Shanghai
        usage:
          finalise_after_s: 0
        consumers:
          - name: rental
            scopes: [usage:read]
            token_sha256: 1679143be1c6182553db7d5433cf77d7390fa763f38b71f179d27c10872f9f47

        """
    static let seed = """
        devices:
          - id: wc-1
            profile: caregate.wheelchair
            room: "101"
            asset_tag: AT-WC-1
          - id: bed-1
            profile: caregate.care-bed
            room: "102"
            asset_tag: AT-BED-1
        """

    /// Figures of one device, contract and date, summed over the record's revisions.
    struct Total: Equatable {
        var inUseSeconds = 0.0
        var distanceMetres = 0.0
        var sessions = 0
        var faults = 0
        var messages = 0
        var batteryMin: Double?
        var lastSeen: Int64?
    }

    static func totals(_ records: [[String: Any]]) -> [String: Total] {
        var totals: [String: Total] = [:]
        for record in records {
            let key = "\(record["deviceId"] as? String ?? "?")/\(record["contract"] as? String ?? "-")/\(record["date"] as? String ?? "?")"
            var total = totals[key, default: Total()]
            total.inUseSeconds += (record["inUseSeconds"] as? NSNumber)?.doubleValue ?? 0
            total.distanceMetres += (record["distanceMetres"] as? NSNumber)?.doubleValue ?? 0
            total.sessions += (record["sessions"] as? NSNumber)?.intValue ?? 0
            total.faults += (record["faults"] as? NSNumber)?.intValue ?? 0
            total.messages += (record["messages"] as? NSNumber)?.intValue ?? 0
            if let low = (record["batteryMin"] as? NSNumber)?.doubleValue { total.batteryMin = min(total.batteryMin ?? low, low) }
            if let seen = (record["lastSeen"] as? NSNumber)?.int64Value { total.lastSeen = max(total.lastSeen ?? seen, seen) }
            totals[key] = total
        }
        return totals
    }

    /// Publishes steps `range` of a script as the device's native messages.
    static func publish(_ site: TestSite, _ steps: [RentalDayScript.Step], _ range: Range<Int>, kind: String, device: String, dayStart: EpochMillis) throws {
        for index in range {
            let (role, json) = RentalDayScript.payload(steps[index], index: index, dayStart: dayStart)
            try site.publish("care/\(TestSite.site)/\(kind)/\(device)/\(role)", json)
        }
    }

    @Test func aScriptedRentalDayWithAKillInTheMiddleGivesTheHandComputedUsage() async throws {
        let site = try await TestSite.start(config: Self.config, seed: Self.seed)
        let calendar = SiteCalendar(identifier: "Asia/Shanghai")!
        // Three days ago, so both the day and the one after are over and finalised at once.
        let day = calendar.dayNumber(TestSite.now()) - 3
        let dayStart = calendar.startOfDay(day)
        let (date, nextDate) = (calendar.isoDate(day: day), calendar.isoDate(day: day + 1))

        // The rental service hands the wheelchair over through the API, the bed through the CLI.
        let assigned = try await site.operatorAPI().send(
            "POST", "/v1/assets/AT-WC-1/events", body: #"{"type":"assigned","by":"n-17","contract":"RC-7"}"#)
        #expect(assigned.status == 201)
        #expect(assigned.json?["deviceId"] as? String == "wc-1")
        let cli = try await site.cli(["assets", "event", "AT-BED-1", "assigned", "--by", "n-17", "--contract", "RC-8"])
        #expect(cli.status == 0, "\(cli.output)")
        #expect(cli.output.contains("assigned AT-BED-1 by n-17") && cli.output.contains("device bed-1"))

        // The first half of the wheelchair's day and the whole bed evening, then kill -9 as soon
        // as they are stored: their usage may not have been saved yet.
        let wheelchair = RentalDayScript.wheelchair
        try Self.publish(site, wheelchair, 0..<9, kind: "wheelchair", device: "wc-1", dayStart: dayStart)
        try Self.publish(site, RentalDayScript.bed, 0..<RentalDayScript.bed.count, kind: "care-bed", device: "bed-1", dayStart: dayStart)
        _ = try await site.waitForStored("the first half") { $0.telemetry >= 7 + 8 }
        await site.daemon.kill()
        try await site.daemon.start()

        // The rest, with one message of the first half repeated (a device retrying).
        try Self.publish(site, wheelchair, 8..<wheelchair.count, kind: "wheelchair", device: "wc-1", dayStart: dayStart)
        _ = try await site.waitForStored("the whole day") { $0.telemetry >= 13 + 8 }

        let rental = try site.api(Self.rentalToken)
        var records: [[String: Any]] = []
        let wheelchairDay = "wc-1/RC-7/\(date)", wheelchairNextDay = "wc-1/RC-7/\(nextDate)", bedDay = "bed-1/RC-8/\(date)"
        do {
            try await TestSite.eventually(timeout: .seconds(30), "usage records of every message") {
                records = ((try await rental.send("GET", "/v1/usage?after=0&limit=1000").json?["records"]) as? [[String: Any]]) ?? []
                let totals = Self.totals(records)
                return (totals[wheelchairDay]?.messages ?? 0) >= 14 && (totals[wheelchairNextDay]?.messages ?? 0) >= 2
                    && (totals[bedDay]?.messages ?? 0) >= 8
            }
        } catch {
            Issue.record("usage so far: \(Self.totals(records))")
            throw error
        }
        // One more finaliser pass: nothing may be added later either.
        try await Task.sleep(for: .seconds(6))
        records = try #require(try await rental.send("GET", "/v1/usage?after=0&limit=1000").json?["records"] as? [[String: Any]])
        let totals = Self.totals(records)

        let expected = RentalDayScript.Expected.self
        let day1 = try #require(totals[wheelchairDay]), day2 = try #require(totals[wheelchairNextDay]), bed = try #require(totals[bedDay])
        #expect(day1.inUseSeconds == Double(expected.wheelchairInUseSeconds.day))
        #expect(day2.inUseSeconds == Double(expected.wheelchairInUseSeconds.nextDay))
        #expect(day1.distanceMetres == Double(expected.wheelchairDistanceMetres.day))
        #expect(day2.distanceMetres == Double(expected.wheelchairDistanceMetres.nextDay))
        #expect(day1.messages == Int(expected.wheelchairMessages.day) && day2.messages == Int(expected.wheelchairMessages.nextDay))
        #expect(day1.sessions == 1 && day1.faults == 1 && day2.sessions == 0 && day2.faults == 0)
        #expect(day1.batteryMin == 40 && day2.batteryMin == 38)
        #expect(day1.lastSeen == dayStart + 1435 * 60_000)
        #expect(bed.inUseSeconds == Double(expected.bedInUseSeconds) && bed.messages == 8 && bed.distanceMetres == 0)
        #expect(totals.count == 3, "\(totals.keys.sorted())")

        // Sequence numbers: present, increasing, the same over NDJSON.
        let seqs = records.compactMap { ($0["seq"] as? NSNumber)?.int64Value }
        #expect(seqs.count == records.count && seqs == seqs.sorted() && Set(seqs).count == seqs.count)
        let ndjson = try await rental.send("GET", "/v1/usage?after=0", headers: ["Accept": "application/x-ndjson"])
        let streamed = ndjson.text.split(separator: "\n").compactMap {
            ((try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any])?["seq"] as? NSNumber
        }.map(\.int64Value)
        #expect(streamed == seqs)

        // The asset trail, as the rental service reads it, and the CLI's listing.
        let events = try #require(try await rental.send("GET", "/v1/assets/events?after=0").json?["records"] as? [[String: Any]])
        #expect(events.compactMap { $0["assetTag"] as? String } == ["AT-WC-1", "AT-BED-1"])
        #expect(events.allSatisfy { $0["type"] as? String == "assigned" && $0["by"] as? String == "n-17" })
        let listing = try await site.cli(["usage"])
        #expect(listing.status == 0 && listing.output.contains("in use") && listing.output.contains("RC-7"), "\(listing.output)")
        await site.shutdown()
    }

    @Test func aReturnedAssetStopsCountingUnderItsContract() async throws {
        let site = try await TestSite.start(config: Self.config, seed: Self.seed)
        let calendar = SiteCalendar(identifier: "Asia/Shanghai")!
        let dayStart = calendar.startOfDay(calendar.dayNumber(TestSite.now()) - 3)
        let admin = try site.operatorAPI()
        #expect(try await admin.send("POST", "/v1/assets/AT-BED-1/events", body: #"{"type":"assigned","by":"n-1","contract":"RC-8"}"#).status == 201)
        try Self.publish(site, RentalDayScript.bed, 0..<4, kind: "care-bed", device: "bed-1", dayStart: dayStart)
        _ = try await site.waitForStored("the first four") { $0.telemetry >= 4 }
        let returned = try await site.cli(["assets", "event", "AT-BED-1", "returned", "--by", "n-2"])
        #expect(returned.status == 0 && returned.output.contains("contract RC-8"), "\(returned.output)")
        try Self.publish(site, RentalDayScript.bed, 4..<RentalDayScript.bed.count, kind: "care-bed", device: "bed-1", dayStart: dayStart)
        _ = try await site.waitForStored("all eight") { $0.telemetry >= 8 }

        let rental = try site.api(Self.rentalToken)
        var totals: [String: Total] = [:]
        do {
            try await TestSite.eventually(timeout: .seconds(30), "eight metered messages") {
                let records = ((try await rental.send("GET", "/v1/usage?after=0").json?["records"]) as? [[String: Any]]) ?? []
                totals = Self.totals(records)
                return totals.values.reduce(0) { $0 + $1.messages } >= 8
            }
        } catch {
            Issue.record("usage so far: \(totals)")
            throw error
        }
        let date = calendar.isoDate(day: calendar.dayNumber(dayStart))
        // Under RC-8: 21:30–21:34 (240 s); after the return the rest counts without a contract.
        #expect(totals["bed-1/RC-8/\(date)"]?.inUseSeconds == 240)
        #expect(totals["bed-1/-/\(date)"]?.inUseSeconds == 480)
        #expect(try await site.cli(["assets", "event", "AT-BED-1", "lost", "--by", "n-2"]).status != 0)
        await site.shutdown()
    }
}
