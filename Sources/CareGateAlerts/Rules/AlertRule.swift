import CareGateCore

/// One entry of the alert catalogue as a pure, clock-driven state machine:
/// `(state, input, now, settings) → (state, [outputs])`.
///
/// A rule never touches Dispatch, the store or the clock: time arrives as `context.now`, a timer
/// is a deadline the rule writes into its state (`State.nextDeadline`), and the engine (or the
/// replay) calls back with `.tick` once that instant has passed. The lifecycle (raise, update,
/// escalate, resolve) is not the rule's business either: a rule only says that its condition holds
/// (`.trigger`) or has cleared (`.clear`). That split is what lets the live engine and
/// `caregate replay` run identical rule code.
public protocol AlertRule: Sendable {
    associatedtype State: RuleStateValue

    static var id: RuleID { get }
    /// Whether the rule's alert is about the subject (one per resident) or one of its devices.
    static var scope: RuleScope { get }
    /// Every setting the rule reads, for validation and documentation.
    static var settings: [SettingSpec] { get }

    /// A cheap filter run for every message: does this message concern the rule at all?
    func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool

    /// Advances the state machine by one input.
    func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput]
}

/// Whether an alert is keyed by subject + rule, or by subject + rule + device.
public enum RuleScope: Sendable {
    case subject
    case device
}

/// A rule's persisted memory. It must be small and change only on meaningful transitions (a band
/// entered, a timer armed), because every change is written through `AlertStore`.
public protocol RuleStateValue: Codable, Sendable, Equatable {
    /// The idle state; a rule whose state returns to it is forgotten (and deleted from the store).
    init()
    /// When the rule next wants a `.tick`, if ever.
    var nextDeadline: EpochMillis? { get }
    /// Whether the change from `old` must be written to the store. Defaults to any change; a rule
    /// that tracks something volatile (a device's last-seen time) excludes it here.
    func needsPersisting(comparedTo old: Self) -> Bool
    /// The state as loaded after a restart at `now`.
    func resumed(at now: EpochMillis) -> Self
}

extension RuleStateValue {
    public func needsPersisting(comparedTo old: Self) -> Bool { self != old }
    public func resumed(at now: EpochMillis) -> Self { self }
}

/// What a rule is asked to react to.
public enum RuleInput: Sendable {
    /// A decoded message from one of the subject's devices (the rule's `wants` accepted it).
    case message(DeviceMessage, DeviceRecord)
    /// The rule's deadline has passed.
    case tick
    /// The registry's supervision entry for the key's device, or nil when it is no longer supervised.
    case supervision(DeviceSupervision?)
    /// Staff acted on the rule's open alert.
    case staff(StaffAction)
}

/// A staff action on an alert that a rule may need to know about (repositioning counts an
/// acknowledgement as "repositioned"; most rules reset when their alert is resolved).
public enum StaffAction: Sendable, Equatable {
    case acknowledged(by: String)
    case resolved(by: String)
}

/// What a rule says after an input.
public enum RuleOutput: Sendable, Equatable {
    /// The alert condition holds; the lifecycle raises the alert or updates the open one.
    case trigger(RuleTrigger)
    /// The condition has cleared (with the rule's hysteresis); the lifecycle resolves the open alert.
    case clear(reason: String)
}

/// The facts of a firing rule: severity, a sentence for the nurse station and rule details.
public struct RuleTrigger: Sendable, Equatable {
    /// How an open alert of the same key takes a new trigger.
    public enum Effect: Sendable, Equatable {
        /// Merge the details silently (a repeated report of the same thing).
        case update
        /// Merge and notify again (new information: a second device, a confirmation).
        case notify
        /// Merge and move one escalation tier up (long lie, repositioning overdue).
        case escalate
    }

    public var severity: AlertSeverity
    public var message: String
    public var details: [String: MetricValue]
    /// The device whose message (or silence) caused it.
    public var deviceId: String
    /// Device time of the causing message (evidence); the engine's time for timer-driven triggers.
    public var sourceTs: EpochMillis
    public var effect: Effect

    public init(
        _ severity: AlertSeverity, _ message: String, deviceId: String, sourceTs: EpochMillis,
        details: [String: MetricValue] = [:], effect: Effect = .update
    ) {
        self.severity = severity
        self.message = message
        self.details = details
        self.deviceId = deviceId
        self.sourceTs = sourceTs
        self.effect = effect
    }
}
