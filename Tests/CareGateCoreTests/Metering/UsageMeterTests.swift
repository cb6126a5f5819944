import CareGateCore
import CareGateTestSupport
import Testing

/// The meter against the scripted day of `RentalDayScript`, whose figures were computed by hand,
/// and against the rules that script does not reach (device counters, resets, late messages).
@Suite struct UsageMeterTests {
    let calendar = SiteCalendar(identifier: "Asia/Shanghai")!
    /// 2025-03-10 in Shanghai.
    let day: Int64 = 20_157
    var dayStart: EpochMillis { calendar.startOfDay(day) }

    static let wheelchair = DeviceRecord(
        deviceId: "wc-1", kind: .wheelchair, profile: "caregate.wheelchair", site: "t1", assetTag: "AT-WC-1", rentalContract: "RC-7")
    static let bed = DeviceRecord(deviceId: "bed-1", kind: .careBed, profile: "caregate.care-bed", site: "t1", rentalContract: "RC-8")

    func meter(states: [String: MeterState] = [:]) throws -> UsageMeter {
        let (catalog, _) = try ShippedProfiles.load()
        let profiles = Dictionary(uniqueKeysWithValues: catalog.profiles.map { ($0.id, MeterProfile($0, keepalives: 2)) })
        return UsageMeter(profiles: profiles, calendar: calendar, states: states)
    }

    func feed(_ steps: [RentalDayScript.Step], _ device: DeviceRecord, into meter: inout UsageMeter) {
        for (index, step) in steps.enumerated() {
            let message = RentalDayScript.message(
                step, index: index, deviceId: device.deviceId, profileId: device.profile, kind: device.kind, dayStart: dayStart)
            meter.record(message, device: device)
        }
    }

    @Test func wheelchairDayMatchesTheHandComputedFigures() throws {
        var meter = try meter()
        feed(RentalDayScript.wheelchair, Self.wheelchair, into: &meter)
        let deltas = meter.takeFlush().deltas
        let first = try #require(deltas[UsageKey(deviceId: "wc-1", contract: "RC-7", day: day)])
        let second = try #require(deltas[UsageKey(deviceId: "wc-1", contract: "RC-7", day: day + 1)])
        #expect(deltas.count == 2)
        #expect(first.figures.inUseMillis == RentalDayScript.Expected.wheelchairInUseSeconds.day * 1000)
        #expect(second.figures.inUseMillis == RentalDayScript.Expected.wheelchairInUseSeconds.nextDay * 1000)
        #expect(first.figures.distanceMillimetres == RentalDayScript.Expected.wheelchairDistanceMetres.day * 1000)
        #expect(second.figures.distanceMillimetres == RentalDayScript.Expected.wheelchairDistanceMetres.nextDay * 1000)
        #expect(first.figures.sessions == 1 && second.figures.sessions == 0)
        #expect(first.figures.faults == 1 && second.figures.faults == 0)
        #expect(first.figures.messages == RentalDayScript.Expected.wheelchairMessages.day)
        #expect(second.figures.messages == RentalDayScript.Expected.wheelchairMessages.nextDay)
        #expect(first.figures.batteryMin == 40 && first.figures.batteryLast == 40)
        #expect(second.figures.batteryMin == 38 && second.figures.batteryLast == 38)
        #expect(first.figures.lastSeen == dayStart + 1435 * 60_000)
        #expect(second.figures.lastSeen == dayStart + 1450 * 60_000)
        #expect(first.assetTag == "AT-WC-1" && first.kind == .wheelchair)
    }

    @Test func distanceOverDaysReconcilesWithTheOdometerRuns() throws {
        var meter = try meter()
        feed(RentalDayScript.wheelchair, Self.wheelchair, into: &meter)
        let total = meter.takeFlush().deltas.values.reduce(0) { $0 + $1.figures.distanceMillimetres }
        #expect(total == RentalDayScript.Expected.wheelchairOdometerRuns * 1000)
    }

    @Test func bedOccupancyCountsAsUseWithTheGapCapped() throws {
        var meter = try meter()
        feed(RentalDayScript.bed, Self.bed, into: &meter)
        let deltas = meter.takeFlush().deltas
        #expect(deltas.count == 1)
        let figures = try #require(deltas[UsageKey(deviceId: "bed-1", contract: "RC-8", day: day)]).figures
        #expect(figures.inUseMillis == RentalDayScript.Expected.bedInUseSeconds * 1000)
        #expect(figures.distanceMillimetres == 0 && figures.batteryMin == nil)
    }

    @Test func flushingInPiecesGivesTheSameFiguresAsOnce() throws {
        var whole = try meter()
        feed(RentalDayScript.wheelchair, Self.wheelchair, into: &whole)
        let expected = whole.takeFlush().deltas

        var pieces = try meter()
        var merged: [UsageKey: UsageFigures] = [:]
        for (index, step) in RentalDayScript.wheelchair.enumerated() {
            let message = RentalDayScript.message(
                step, index: index, deviceId: "wc-1", profileId: "caregate.wheelchair", kind: .wheelchair, dayStart: dayStart)
            pieces.record(message, device: Self.wheelchair)
            if index % 3 == 0 {
                // A restart at a flush: the next meter starts from the flushed state only.
                let flush = pieces.takeFlush()
                for (key, delta) in flush.deltas { merged[key, default: UsageFigures()].merge(delta.figures) }
                pieces = try meter(states: flush.states)
            }
        }
        for (key, delta) in pieces.takeFlush().deltas { merged[key, default: UsageFigures()].merge(delta.figures) }
        #expect(merged == expected.mapValues(\.figures))
    }

    @Test func deviceCountersReplaceDerivedFiguresFromTheirFirstReport() throws {
        var meter = try meter()
        let hoist = DeviceRecord(deviceId: "h-1", kind: .hoist, profile: "caregate.hoist", site: "t1", rentalContract: "RC-9")
        func send(_ minute: Int, _ seq: Int64, role: MessageRole, readings: [Reading] = [], event: String? = nil) {
            let ts = dayStart + EpochMillis(minute) * 60_000
            var message = DeviceMessage(
                deviceId: "h-1", profileId: "caregate.hoist", kind: .hoist, role: role, topic: "", sourceTs: ts,
                stampedByGateway: false, seq: seq, receivedAt: ts, retained: false, qos: 1, readings: readings)
            if let event { message.events = [DeviceEvent(type: event)] }
            meter.record(message, device: hoist)
        }
        send(600, 1, role: .event, event: "session_start")  // derived: 1 session, open
        send(605, 2, role: .event, event: "session_end")  // derived: 300 s in a session
        let counters = [Reading("usage_s", .number(1000)), Reading("distance_m", .number(0)), Reading("sessions", .number(40))]
        send(610, 3, role: .meter, readings: counters)  // baseline only
        send(620, 4, role: .event, event: "session_start")  // counted by the device now, not here
        send(630, 5, role: .event, event: "session_end")
        send(631, 6, role: .meter, readings: [Reading("usage_s", .number(1600)), Reading("sessions", .number(41))])
        send(640, 7, role: .meter, readings: [Reading("usage_s", .number(50)), Reading("sessions", .number(42))])  // usage counter reset
        let figures = try #require(meter.takeFlush().deltas[UsageKey(deviceId: "h-1", contract: "RC-9", day: day)]).figures
        #expect(figures.inUseMillis == (300 + 600) * 1000)
        #expect(figures.sessions == 1 + 1 + 1)
        #expect(meter.state(of: "h-1")?.counterUsageMillis == 50_000)
    }

    @Test func aContractChangeSplitsTheDayIntoOneRecordPerContract() throws {
        var meter = try meter()
        var device = Self.bed
        let steps = RentalDayScript.bed
        for (index, step) in steps.enumerated() {
            if index == 4 { device.rentalContract = "RC-10" }
            meter.record(
                RentalDayScript.message(step, index: index, deviceId: "bed-1", profileId: "caregate.care-bed", kind: .careBed, dayStart: dayStart),
                device: device)
        }
        let deltas = meter.takeFlush().deltas
        let before = try #require(deltas[UsageKey(deviceId: "bed-1", contract: "RC-8", day: day)]).figures
        let after = try #require(deltas[UsageKey(deviceId: "bed-1", contract: "RC-10", day: day)]).figures
        // Before the change: 21:30–21:34 = 240 s; the 21:34–21:36 span ends at the first RC-10 message.
        #expect(before.inUseMillis == 240_000)
        #expect(after.inUseMillis == 480_000)
        #expect(before.messages + after.messages == 8)
    }

    @Test func aLateMessageCountsOnItsDayButChangesNoState() throws {
        var meter = try meter()
        func reading(_ minute: Int, _ seq: Int64, speed: Double, odometer: Double, battery: Double) -> DeviceMessage {
            let ts = dayStart + EpochMillis(minute) * 60_000
            return DeviceMessage(
                deviceId: "wc-1", profileId: "caregate.wheelchair", kind: .wheelchair, role: .telemetry, topic: "", sourceTs: ts,
                stampedByGateway: false, seq: seq, receivedAt: ts, retained: false, qos: 1,
                readings: [Reading("speed", .number(speed)), Reading("odometer", .number(odometer)), Reading("battery", .number(battery))])
        }
        meter.record(reading(600, 1, speed: 1, odometer: 100, battery: 80), device: Self.wheelchair)
        meter.record(reading(605, 2, speed: 1, odometer: 400, battery: 79), device: Self.wheelchair)
        meter.record(reading(590, 3, speed: 0, odometer: 50, battery: 60), device: Self.wheelchair)  // late, older
        meter.record(reading(610, 4, speed: 0, odometer: 700, battery: 78), device: Self.wheelchair)
        let figures = try #require(meter.takeFlush().deltas[UsageKey(deviceId: "wc-1", contract: "RC-7", day: day)]).figures
        #expect(figures.inUseMillis == 600_000)
        #expect(figures.distanceMillimetres == 600_000)
        #expect(figures.batteryMin == 60 && figures.batteryLast == 78)
        #expect(figures.messages == 4)
    }

    @Test func devicesWithoutUsageOrRentalAreNotMetered() throws {
        var meter = try meter()
        let radar = DeviceRecord(deviceId: "fr-1", kind: .fallRadar, profile: "caregate.fall-radar", site: "t1")
        let message = DeviceMessage(
            deviceId: "fr-1", profileId: "caregate.fall-radar", kind: .fallRadar, role: .telemetry, topic: "", sourceTs: dayStart,
            stampedByGateway: false, seq: 1, receivedAt: dayStart, retained: false, qos: 1, readings: [Reading("presence", .bool(true))])
        meter.record(message, device: radar)
        #expect(meter.takeFlush().isEmpty)
        var rented = radar
        rented.rentalContract = "RC-1"
        meter.record(message, device: rented)
        #expect(meter.takeFlush().deltas[UsageKey(deviceId: "fr-1", contract: "RC-1", day: day)]?.figures.messages == 1)
    }

    @Test func theInUseThresholdIsStrictlyAbove() throws {
        var meter = try meter()
        func speed(_ minute: Int, _ seq: Int64, _ value: Double) -> DeviceMessage {
            let ts = dayStart + EpochMillis(minute) * 60_000
            return DeviceMessage(
                deviceId: "wc-1", profileId: "caregate.wheelchair", kind: .wheelchair, role: .telemetry, topic: "", sourceTs: ts,
                stampedByGateway: false, seq: seq, receivedAt: ts, retained: false, qos: 1, readings: [Reading("speed", .number(value))])
        }
        meter.record(speed(600, 1, 0.05), device: Self.wheelchair)  // at the threshold: not in use
        meter.record(speed(601, 2, 0.051), device: Self.wheelchair)  // above: in use from here
        meter.record(speed(603, 3, 0), device: Self.wheelchair)
        meter.record(speed(604, 4, 0.04), device: Self.wheelchair)
        meter.record(speed(605, 5, 1), device: Self.wheelchair)
        let figures = try #require(meter.takeFlush().deltas[UsageKey(deviceId: "wc-1", contract: "RC-7", day: day)]).figures
        #expect(figures.inUseMillis == 120_000)
    }

    @Test func goingOfflineEndsUseAndIsNotCountedAsSeen() throws {
        var meter = try meter()
        func message(_ minute: Int, _ seq: Int64?, role: MessageRole, inBed: Bool? = nil, online: Bool? = nil) -> DeviceMessage {
            let ts = dayStart + EpochMillis(minute) * 60_000
            return DeviceMessage(
                deviceId: "bed-1", profileId: "caregate.care-bed", kind: .careBed, role: role, topic: "", sourceTs: ts,
                stampedByGateway: false, seq: seq, receivedAt: ts, retained: false, qos: 1,
                readings: inBed.map { [Reading("in_bed", .bool($0))] } ?? [], online: online)
        }
        meter.record(message(600, 1, role: .telemetry, inBed: true), device: Self.bed)
        meter.record(message(601, nil, role: .availability, online: false), device: Self.bed)  // 60 s, then no longer in use
        meter.record(message(640, 2, role: .telemetry, inBed: false), device: Self.bed)
        let figures = try #require(meter.takeFlush().deltas[UsageKey(deviceId: "bed-1", contract: "RC-8", day: day)]).figures
        #expect(figures.inUseMillis == 60_000)
        #expect(figures.messages == 2)
        #expect(figures.lastSeen == dayStart + 640 * 60_000)
    }

    @Test func anOdometerResetCountsNothingForItsStepAndContinuesFromTheNewBaseline() throws {
        var meter = try meter()
        func odometer(_ minute: Int, _ seq: Int64, _ metres: Double) -> DeviceMessage {
            let ts = dayStart + EpochMillis(minute) * 60_000
            return DeviceMessage(
                deviceId: "wc-1", profileId: "caregate.wheelchair", kind: .wheelchair, role: .telemetry, topic: "", sourceTs: ts,
                stampedByGateway: false, seq: seq, receivedAt: ts, retained: false, qos: 1, readings: [Reading("odometer", .number(metres))])
        }
        for (index, metres) in [5_000.0, 5_120.5, 3.25, 10.0, 10.0, 400.0].enumerated() {
            meter.record(odometer(600 + index, Int64(index + 1), metres), device: Self.wheelchair)
        }
        let figures = try #require(meter.takeFlush().deltas[UsageKey(deviceId: "wc-1", contract: "RC-7", day: day)]).figures
        #expect(figures.distanceMillimetres == 120_500 + 6_750 + 390_000)
        #expect(meter.state(of: "wc-1")?.odometerMillimetres == 400_000)
    }
}
