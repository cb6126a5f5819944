import CareGateCore

/// How to run a simulation: when it starts, for how long, how fast, how dirty, and what happens.
///
/// `start` is the wall-clock instant of offset 0 and the base of every device timestamp, so a demo
/// that should show a night-time bed exit starts at, say, 02:55 site-local. `rateScale` divides
/// every device's reporting interval (×100 makes a floor of devices behave like a hundred floors);
/// it does not speed up routines or scenarios, because alert rules measure real durations (a fall
/// must stay down 60 s, a bed exit last 20 min) against the device timestamps.
public struct SimulationPlan: Sendable {
    /// Determines every random choice: the same seed gives a byte-identical stream.
    public var seed: UInt64
    /// Milliseconds since the epoch at offset 0.
    public var start: EpochMillis
    /// Site-local time for night windows and daily routines.
    public var calendar: SiteCalendar
    public var length: Length
    /// Multiplies every periodic rate (reports, snapshots, meters); 1 is realistic.
    public var rateScale: Double
    /// Share of messages replaced by malformed ones, cycling through every quarantine reason.
    public var malformedShare: Double
    /// Share of messages that re-send a recent valid message with the same `seq` and `ts`.
    public var duplicateShare: Double
    /// QoS of telemetry (contract: 0 or 1); events, meters, state and availability always use 1.
    public var telemetryQoS: UInt8
    /// The gateway's caps: malformed `oversized` and `too_deep` messages exceed exactly these.
    public var limits: DecodeLimits
    /// Scripted timelines injected into the background traffic.
    public var scenarios: [Scenario]

    /// How much to generate.
    public enum Length: Sendable, Hashable {
        /// Everything due in the first `millis` of simulated time.
        case duration(EpochMillis)
        /// Exactly this many messages (fewer only if the fleet is empty), for load and acceptance
        /// runs that publish as fast as they can. Device timestamps still follow the devices'
        /// rates, so such a run stamps messages up to the stream's span (`SimulationSummary.span`)
        /// ahead of the wall clock: keep that under the gateway's 24 h tolerance with a larger fleet
        /// or a higher `rateScale` (100,000 messages of the standard fleet span 2.5 h at ×1).
        case count(Int)
    }

    public init(
        seed: UInt64, start: EpochMillis, calendar: SiteCalendar, length: Length, rateScale: Double = 1,
        malformedShare: Double = 0.02, duplicateShare: Double = 0.01, telemetryQoS: UInt8 = 1,
        limits: DecodeLimits = .standard, scenarios: [Scenario] = []
    ) {
        self.seed = seed
        self.start = start
        self.calendar = calendar
        self.length = length
        self.rateScale = rateScale > 0 && rateScale.isFinite ? rateScale : 1
        self.malformedShare = min(max(malformedShare, 0), 1)
        self.duplicateShare = min(max(duplicateShare, 0), 1 - self.malformedShare)
        self.telemetryQoS = telemetryQoS > 1 ? 1 : telemetryQoS
        self.limits = limits
        self.scenarios = scenarios
    }
}
