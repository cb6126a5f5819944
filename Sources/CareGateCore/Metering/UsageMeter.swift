/// Rental metering as a pure state machine: fed each stored message in journal order, it keeps
/// per-device state and accumulates per device, contract and site-local day the in-use time,
/// distance, sessions, faults, last seen and battery health.
///
/// The rules, in the order they are applied to a message at device time `t`:
/// 1. **In use** is integrated between consecutive messages using device time: if the device was
///    in use at its previous message (the profile's `in_use` condition, or an open session for
///    profiles defined by sessions only), the span since then counts, but at most the gap cap
///    (a multiple of the profile's keep-alive), so a device that went silent stops accruing.
///    Spans crossing site-local midnight are split at midnight.
/// 2. **Counters** (the odometer metric and the `meter` topic's `usage_s`, `distance_m`,
///    `sessions`) count by delta from their previous value. A counter that goes backwards was
///    reset: its new value becomes the baseline and nothing is counted for that step (never a
///    negative amount; never an invented one either, since a reset device cannot tell what it
///    counted before its first new report). A delta is spread over the days between its two
///    readings when they are at most the gap cap apart, else it counts on the later day.
/// 3. **Device-side counters win**: from the first `meter` message carrying a counter on, that
///    quantity comes from the device's counter and the gateway's own derivation of it (in-use
///    integration, odometer, session events) stops, so the two are never added together. The
///    first counter value is only a baseline.
/// 4. **Sessions** are counted at their start event; **faults** are the fault-type events
///    (`MeterProfile.faultEvents`); **battery** keeps the day's minimum and latest level.
/// 5. A message older than the device's latest (device time going backwards) changes no state
///    and accrues no time; its events, battery and presence still count on its own day.
/// 6. An `offline` availability message ends use and any open session; availability messages
///    are not counted as messages or as the device being seen (they may be the broker's last will).
///
/// A device is metered when its profile declares `usage`, when it sends `meter` messages, or
/// when the registry gives it an asset tag or rental contract.
public struct UsageMeter: Sendable {
    private let profiles: [String: MeterProfile]
    private let splitter: DaySplitter
    private let defaultGapCap: Int64
    private var states: [String: MeterState]
    private var pending = UsageFlush()

    /// - Parameters:
    ///   - profiles: the metering view of each profile, by profile id.
    ///   - states: the persisted state of every device, as of the position the meter resumes at.
    public init(profiles: [String: MeterProfile], calendar: SiteCalendar, states: [String: MeterState], defaultGapCapMillis: Int64 = 600_000) {
        self.profiles = profiles
        splitter = DaySplitter(calendar: calendar)
        defaultGapCap = defaultGapCapMillis
        self.states = states
    }

    /// The current state of a device.
    public func state(of deviceId: String) -> MeterState? { states[deviceId] }

    /// Meters one stored message of `device` (its registry record, for the contract and tag).
    public mutating func record(_ message: DeviceMessage, device: DeviceRecord?) {
        let profile = profiles[message.profileId]
        guard profile?.usage != nil || message.role == .meter || device?.assetTag != nil || device?.rentalContract != nil else { return }
        let t = message.sourceTs
        let context = Context(
            deviceId: message.deviceId, contract: device?.rentalContract ?? "", assetTag: device?.assetTag, kind: message.kind,
            gapCap: profile?.gapCapMillis ?? defaultGapCap)
        var state = states[message.deviceId] ?? MeterState()
        let inOrder = t >= (state.lastTs ?? .min)

        var today = UsageFigures()
        // An availability message may be the broker's last will, not the device speaking.
        if message.role != .availability {
            today.messages = 1
            today.lastSeen = t
        }
        if inOrder { accrueInUse(&state, until: t, usage: profile?.usage, context: context) }
        for reading in message.readings {
            apply(reading, at: t, inOrder: inOrder, usage: profile?.usage, state: &state, today: &today, context: context)
        }
        for event in message.events {
            apply(event.type, at: t, inOrder: inOrder, usage: profile?.usage, state: &state, today: &today)
        }
        if inOrder, message.online == false {
            state.inUse = false
            state.sessionOpen = false
        }
        if inOrder { state.lastTs = t }
        if today != UsageFigures() { add(today, day: splitter.calendar.dayNumber(t), context: context) }
        states[message.deviceId] = state
        pending.states[message.deviceId] = state
    }

    /// The deltas and changed states since the last call.
    public mutating func takeFlush() -> UsageFlush {
        defer { pending = UsageFlush() }
        return pending
    }

    // MARK: Rules

    private struct Context {
        var deviceId: String
        var contract: String
        var assetTag: String?
        var kind: DeviceKind
        var gapCap: Int64
    }

    private mutating func accrueInUse(_ state: inout MeterState, until t: EpochMillis, usage: UsageSpec?, context: Context) {
        guard state.counterUsageMillis == nil, let last = state.lastTs, t > last else { return }
        let active = usage?.inUse != nil ? state.inUse : state.sessionOpen
        guard active else { return }
        let end = min(t, last + context.gapCap)
        splitter.split(end - last, from: last, to: end) { day, millis in
            var figures = UsageFigures()
            figures.inUseMillis = millis
            add(figures, day: day, context: context)
        }
    }

    private mutating func apply(
        _ reading: Reading, at t: EpochMillis, inOrder: Bool, usage: UsageSpec?, state: inout MeterState, today: inout UsageFigures,
        context: Context
    ) {
        if reading.metric == "battery", let level = reading.value.number {
            today.recordBattery(level, at: t)
        }
        guard inOrder else { return }
        if let inUse = usage?.inUse, reading.metric == inUse.metric {
            state.inUse = Self.holds(inUse, reading.value)
        }
        if reading.metric == usage?.distanceMetric {
            guard let value = reading.value.number else { return }
            let millimetres = Int64((value * 1000).rounded())
            let delta = Self.delta(from: state.odometerMillimetres, to: millimetres)
            if state.counterDistanceMillimetres == nil, delta > 0 {
                spread(delta, from: state.odometerTs, to: t, context: context) { $0.distanceMillimetres += $1 }
            }
            state.odometerMillimetres = millimetres
            state.odometerTs = t
            return
        }
        switch reading.metric {
        case "usage_s":
            count(reading, at: t, counter: \.counterUsageMillis, state: &state, context: context) { $0.inUseMillis += $1 }
        case "distance_m":
            count(reading, at: t, counter: \.counterDistanceMillimetres, state: &state, context: context) { $0.distanceMillimetres += $1 }
        case "sessions":
            guard let value = reading.value.number else { return }
            let count = Int64(value.rounded())
            today.sessions += Self.delta(from: state.counterSessions, to: count)
            state.counterSessions = count
            state.counterTs = t
        default:
            break
        }
    }

    private func apply(
        _ event: String, at t: EpochMillis, inOrder: Bool, usage: UsageSpec?, state: inout MeterState, today: inout UsageFigures
    ) {
        if MeterProfile.faultEvents.contains(event) { today.faults += 1 }
        guard let usage else { return }
        if event == usage.sessionStart {
            if state.counterSessions == nil { today.sessions += 1 }
            if inOrder { state.sessionOpen = true }
        } else if event == usage.sessionEnd, inOrder {
            state.sessionOpen = false
        }
    }

    /// A device-side counter in thousandths (seconds of use → ms, metres → mm): its increase
    /// since the previous value is spread over the days in between, and it becomes the baseline.
    private mutating func count(
        _ reading: Reading, at t: EpochMillis, counter: WritableKeyPath<MeterState, Int64?>, state: inout MeterState, context: Context,
        _ assign: (inout UsageFigures, Int64) -> Void
    ) {
        guard let value = reading.value.number else { return }
        let thousandths = Int64((value * 1000).rounded())
        let delta = Self.delta(from: state[keyPath: counter], to: thousandths)
        if delta > 0 { spread(delta, from: state.counterTs, to: t, context: context, assign) }
        state[keyPath: counter] = thousandths
        state.counterTs = t
    }

    /// Spreads a counter delta over the days between the previous reading and this one when they
    /// are at most the gap cap apart; otherwise it counts on the day of this reading.
    private mutating func spread(
        _ delta: Int64, from previous: EpochMillis?, to t: EpochMillis, context: Context, _ assign: (inout UsageFigures, Int64) -> Void
    ) {
        let from = previous.map { t - $0 <= context.gapCap ? $0 : t } ?? t
        splitter.split(delta, from: from, to: t) { day, piece in
            var figures = UsageFigures()
            assign(&figures, piece)
            add(figures, day: day, context: context)
        }
    }

    private mutating func add(_ figures: UsageFigures, day: Int64, context: Context) {
        let key = UsageKey(deviceId: context.deviceId, contract: context.contract, day: day)
        pending.deltas[key, default: UsageDelta(assetTag: context.assetTag, kind: context.kind)].figures.merge(figures)
    }

    /// The increase of a monotonic counter; 0 for the first value and after a reset.
    static func delta(from previous: Int64?, to value: Int64) -> Int64 {
        guard let previous, value >= previous else { return 0 }
        return value - previous
    }

    static func holds(_ condition: UsageSpec.InUse, _ value: MetricValue) -> Bool {
        switch condition {
        case .equals(_, let expected): value == expected
        case .above(_, let threshold): (value.number ?? -.infinity) > threshold
        }
    }
}
