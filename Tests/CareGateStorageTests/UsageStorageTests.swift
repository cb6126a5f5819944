import CareGateCore
import CareGateTestSupport
import GRDB
import Testing

@testable import CareGateStorage

/// Usage deltas folded into open rows with the de-duplication snapshot, finalised into records
/// with gateway sequence numbers and revisions; asset events with their registry consequences.
@Suite struct UsageStorageTests {
    let directory = TemporaryDirectory("usage")
    let calendar = SiteCalendar(identifier: "Asia/Shanghai")!
    let day: Int64 = 20_157

    private func flush(_ device: String, contract: String, day: Int64, inUse: Int64, battery: Double, at: EpochMillis) -> UsageFlush {
        var flush = UsageFlush()
        var delta = UsageDelta(assetTag: "AT-\(device)", kind: .wheelchair)
        delta.figures.inUseMillis = inUse
        delta.figures.messages = 1
        delta.figures.lastSeen = at
        delta.figures.recordBattery(battery, at: at)
        flush.deltas[UsageKey(deviceId: device, contract: contract, day: day)] = delta
        var state = MeterState()
        state.lastTs = at
        state.odometerMillimetres = inUse
        flush.states[device] = state
        return flush
    }

    private func write(_ flush: UsageFlush, _ buffer: BufferDatabase, _ sequence: GatewaySequence, offset: UInt32, snapshot: Bool = true) throws {
        var batch = BufferBatch(through: JournalPosition(segment: 1, offset: offset))
        if snapshot {
            batch.streamStates = [:]
            batch.usage = flush
        }
        try buffer.write(batch, sequence: sequence)
    }

    @Test func deltasAddUpPerKeyAndAreOnlyWrittenWithTheSnapshot() async throws {
        let buffer = try BufferDatabase(path: directory.file("buffer.sqlite"))
        let sequence = GatewaySequence(after: 0)
        let start = calendar.startOfDay(day)
        try write(flush("wc-1", contract: "RC-7", day: day, inUse: 60_000, battery: 80, at: start + 1000), buffer, sequence, offset: 100)
        try write(flush("wc-1", contract: "RC-7", day: day, inUse: 30_000, battery: 90, at: start + 500), buffer, sequence, offset: 200)
        // A batch without a snapshot carries no usage, whatever it was given.
        try write(flush("wc-1", contract: "RC-7", day: day, inUse: 999_000, battery: 1, at: start + 2000), buffer, sequence, offset: 300, snapshot: false)

        let row = try #require(try await open(buffer, day: day).first)
        #expect(row.figures.inUseMillis == 90_000)
        #expect(row.figures.messages == 2)
        #expect(row.figures.lastSeen == start + 1000)
        #expect(row.figures.batteryMin == 80 && row.figures.batteryLast == 80)  // the later reading, not the later write
        #expect(row.seq == nil && row.assetTag == "AT-wc-1")
        #expect(try buffer.loadMeterStates()["wc-1"]?.lastTs == start + 500)
    }

    @Test func finalisingGivesEachKeyARecordWithASequenceAndLateFiguresARevision() async throws {
        let buffer = try BufferDatabase(path: directory.file("buffer.sqlite"))
        let sequence = GatewaySequence(after: 41)
        let start = calendar.startOfDay(day)
        try write(flush("wc-1", contract: "RC-7", day: day, inUse: 60_000, battery: 80, at: start), buffer, sequence, offset: 100)
        try write(flush("bed-1", contract: "RC-8", day: day, inUse: 20_000, battery: 50, at: start), buffer, sequence, offset: 200)
        try write(flush("wc-1", contract: "RC-7", day: day + 1, inUse: 5_000, battery: 70, at: start + 86_400_000), buffer, sequence, offset: 300)

        #expect(try buffer.finaliseUsage(through: day, calendar: calendar, sequence: sequence, at: 7) == 2)
        #expect(try buffer.finaliseUsage(through: day, calendar: calendar, sequence: sequence, at: 8) == 0)
        // Late figures for the finalised day: a second revision.
        try write(flush("wc-1", contract: "RC-7", day: day, inUse: 1_000, battery: 75, at: start + 10), buffer, sequence, offset: 400)
        #expect(try buffer.finaliseUsage(through: day, calendar: calendar, sequence: sequence, at: 9) == 1)

        let reader = SyncReader(buffer: buffer, control: try ControlDatabase(path: directory.file("alerts.sqlite")))
        guard case .usage(let records) = try await reader.records(.usage, after: 0, limit: 10) else {
            Issue.record("not a usage batch")
            return
        }
        #expect(records.map(\.seq) == [42, 43, 44])
        #expect(records.map(\.key.deviceId) == ["bed-1", "wc-1", "wc-1"])
        #expect(records.map(\.revision) == [1, 1, 2])
        #expect(records.map(\.date) == ["2025-03-10", "2025-03-10", "2025-03-10"])
        #expect(records[1].figures.inUseMillis == 60_000 && records[2].figures.inUseMillis == 1_000)
        #expect(try await reader.head(.usage) == 44)
        #expect(try buffer.highestSequence() >= 44)
        // The next day is still open.
        #expect(try await open(buffer, day: day + 1).map(\.figures.inUseMillis) == [5_000])
    }

    @Test func anAssignedEventSetsTheContractAndAReturnClearsItAudited() async throws {
        let control = try ControlDatabase(path: directory.file("alerts.sqlite"))
        let sequence = GatewaySequence(after: 10)
        let device = DeviceRecord(deviceId: "wc-1", kind: .wheelchair, profile: "caregate.wheelchair", site: "t1", assetTag: "AT-WC-1")
        try control.saveRegistry(devices: [device], residents: [], actor: "seed", at: 1)

        let assigned = try control.recordAssetEvent(
            assetTag: "AT-WC-1", type: .assigned, contract: "RC-7", note: nil, by: "n-17", at: 1_000, actor: "rental", recordedAt: 2_000,
            sequence: sequence)
        #expect(assigned.event.seq == 11 && assigned.event.deviceId == "wc-1" && assigned.event.by == "n-17")
        #expect(assigned.device?.rentalContract == "RC-7")
        #expect(try control.loadRegistry().devices.first?.rentalContract == "RC-7")

        let returned = try control.recordAssetEvent(
            assetTag: "AT-WC-1", type: .returned, contract: nil, note: "scuffed", by: "n-18", at: 3_000, actor: "rental",
            recordedAt: 4_000, sequence: sequence)
        #expect(returned.event.contract == "RC-7")  // the contract it had
        #expect(returned.device?.rentalContract == nil)
        #expect(try control.loadRegistry().devices.first?.rentalContract == nil)

        let unknown = try control.recordAssetEvent(
            assetTag: "AT-NONE", type: .disinfected, contract: nil, note: nil, by: "n-19", at: 5_000, actor: "cli", recordedAt: 6_000,
            sequence: sequence)
        #expect(unknown.device == nil && unknown.event.deviceId == nil)

        let audit = try control.auditTrail(limit: 10)
        #expect(audit.filter { $0.action.hasPrefix("asset.") }.map(\.action) == ["asset.disinfected", "asset.returned", "asset.assigned"])
        #expect(audit.contains { $0.action == "asset.assigned" && $0.actor == "rental" && $0.detail.contains("by=n-17") })
        #expect(audit.filter { $0.action == "device.update" && $0.subject == "wc-1" }.count == 2)

        let reader = SyncReader(buffer: try BufferDatabase(path: directory.file("buffer.sqlite")), control: control)
        guard case .assets(let events) = try await reader.records(.assets, after: 11, limit: 10) else {
            Issue.record("not an asset batch")
            return
        }
        #expect(events.map(\.seq) == [12, 13])
        #expect(events.map(\.type) == [.returned, .disinfected])
        #expect(events.first?.recordedBy == "rental" && events.first?.recordedAt == 4_000 && events.first?.note == "scuffed")
        #expect(try control.highestSequence() == 13)
    }

    private func open(_ buffer: BufferDatabase, day: Int64) async throws -> [UsageRecord] {
        try await buffer.openUsage(day: day, calendar: calendar)
    }
}
