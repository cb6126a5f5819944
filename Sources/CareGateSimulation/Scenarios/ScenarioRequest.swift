import CareGateCore

/// A built-in scenario asked for by name, offset and (optionally) target: what `--scenario` and a
/// scenario script line such as `0:05:00 fall fr-0001` mean.
public struct ScenarioRequest: Sendable, Hashable {
    public var kind: ScenarioKind
    /// Milliseconds after the start of the simulation.
    public var at: EpochMillis
    /// A device id or a resident reference; nil picks the first suitable device.
    public var target: String?
    /// Scenario-specific settings (`minutes=25`, `offline=true`); see `ScenarioKind`.
    public var options: [String: String]

    public init(_ kind: ScenarioKind, at: EpochMillis, target: String? = nil, options: [String: String] = [:]) {
        self.kind = kind
        self.at = at
        self.target = target
        self.options = options
    }
}

/// The scenarios the simulator knows, with the timeline each plays (offsets from its start `T`).
public enum ScenarioKind: String, Sendable, Hashable, CaseIterable {
    /// Fall radar (target: radar or resident): someone stands for 5 s, falls (`fall_suspected`,
    /// posture `fallen`), stays down; the radar confirms with `fall` 70 s later; after `seconds`
    /// (default 180) on the floor they are helped to sitting. A Tuya radar shows it through
    /// `fall_down_status` `maybe_fall` → `fall` instead of events.
    case fall
    /// Bed sensors of one resident (vitals radar, care bed, Alink, ESPHome): in bed for 2 minutes,
    /// then out (`in_bed` false, `bed_exit`) for `minutes` (default 25) without returning; after
    /// that the resident's routine resumes (at night: back in bed, `bed_enter`).
    case bedExit = "bed-exit"
    /// Vital-sign radar of one resident: in bed, `resp_rate` 0 for `seconds` (default 30), then an
    /// `apnea` event (Alink `ApneaAlarm`) with the duration.
    case apnea
    /// Wheelchair: occupied and moving for 10 s, then tilted 45° and stopped for `seconds`
    /// (default 3), with a `tip_over` event 2 s into the tilt.
    case tipOver = "tip-over"
    /// Any device (default: the first fall radar) stops publishing for `minutes` (default 20;
    /// `0` = the rest of the run); `offline=true` first publishes its retained `offline`.
    case silentDevice = "silent-device"
    /// `count` (default 50) malformed messages within `seconds` (default 1), at one device or
    /// (no target) at random devices.
    case malformedBurst = "malformed-burst"
}
