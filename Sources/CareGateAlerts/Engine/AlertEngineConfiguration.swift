import CareGateCore
import Foundation

/// How the alert engine is set up: the site, its calendar and rule settings, and the sizes that
/// bound its memory under overload.
public struct AlertEngineConfiguration: Sendable {
    /// The site id, stamped on alerts from devices the registry does not know.
    public var site: String
    /// The site's time zone, for night windows.
    public var calendar: SiteCalendar
    /// Night window for residents without their own (and for unassigned devices).
    public var defaultNightWindow: NightWindow
    public var settings: AlertSettings
    /// Serial lanes; subjects are spread over them by a stable hash.
    public var laneCount: Int
    /// Queued telemetry messages per device beyond which its readings are coalesced.
    public var telemetryBudgetPerDevice: Int
    /// Queued telemetry per lane, all devices together.
    public var laneTelemetryCapacity: Int
    /// Queued events, alert-relevant changes and commands per lane.
    public var lanePriorityCapacity: Int
    /// How long acted-on trigger keys are remembered (and loaded from the store).
    public var triggerKeyRetention: EpochMillis

    public init(
        site: String, calendar: SiteCalendar, defaultNightWindow: NightWindow = .standard,
        settings: AlertSettings = AlertSettings(), laneCount: Int = ProcessInfo.processInfo.activeProcessorCount,
        telemetryBudgetPerDevice: Int = 8, laneTelemetryCapacity: Int = 16_384, lanePriorityCapacity: Int = 65_536,
        triggerKeyRetention: EpochMillis = 48 * 3_600_000
    ) {
        self.site = site
        self.calendar = calendar
        self.defaultNightWindow = defaultNightWindow
        self.settings = settings
        self.laneCount = max(1, laneCount)
        self.telemetryBudgetPerDevice = max(1, telemetryBudgetPerDevice)
        self.laneTelemetryCapacity = max(1, laneTelemetryCapacity)
        self.lanePriorityCapacity = max(1, lanePriorityCapacity)
        self.triggerKeyRetention = triggerKeyRetention
    }
}
