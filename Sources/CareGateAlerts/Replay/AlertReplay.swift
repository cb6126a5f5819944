import CareGateCore
import Synchronization

/// `caregate replay`: runs a recorded, ordered sequence of messages through the alert rules with
/// (possibly changed) settings, synchronously and deterministically, and counts what would have
/// fired.
///
/// It drives one `LaneCore`, the same code a live lane runs, on a virtual clock: before each
/// message the clock jumps through every deadline due in between (firing them at their own
/// instants), then to the message's receipt time. Nobody acknowledges anything in a replay, so
/// re-notifications and escalations run their full course; the alert counts are what a site
/// compares between settings.
public struct AlertReplay: Sendable {
    public var site: String
    public var calendar: SiteCalendar
    public var settings: AlertSettings
    public var defaultNightWindow: NightWindow
    public var devices: [DeviceRecord]
    public var residents: [ResidentRecord]
    public var supervision: [DeviceSupervision]

    public init(
        site: String, calendar: SiteCalendar, settings: AlertSettings, defaultNightWindow: NightWindow = .standard,
        devices: [DeviceRecord], residents: [ResidentRecord], supervision: [DeviceSupervision] = []
    ) {
        self.site = site
        self.calendar = calendar
        self.settings = settings
        self.defaultNightWindow = defaultNightWindow
        self.devices = devices
        self.residents = residents
        self.supervision = supervision
    }

    /// Replays `messages` (in receipt order) and, when `end` is given, lets the clock run on to it.
    public func run(_ messages: some Sequence<DeviceMessage>, until end: EpochMillis? = nil) -> ReplayReport {
        let sink = CollectingAlertSink()
        let duplicates = Atomic<Int>(0)
        let environment = LaneCore.Environment(
            site: site, calendar: calendar, defaultNight: defaultNightWindow, store: InMemoryAlertStore(), sink: sink,
            observer: { event in
                if event == .duplicateIgnored { duplicates.add(1, ordering: .relaxed) }
            },
            publish: { _ in })
        let core = LaneCore(environment: environment, settings: settings, triggerKeyRetention: 48 * 3_600_000)
        let residentsByRef = Dictionary(residents.map { ($0.residentRef, $0) }, uniquingKeysWith: { $1 })
        let devicesById = Dictionary(devices.map { ($0.deviceId, $0) }, uniquingKeysWith: { $1 })
        for device in devices { core.note(device: device, resident: device.residentRef.flatMap { residentsByRef[$0] }) }

        var now: EpochMillis?
        var count = 0
        for message in messages {
            let at = max(now ?? message.receivedAt, message.receivedAt)
            if now == nil { startSupervision(core, devicesById, residentsByRef, at: at) }
            advance(core, to: at)
            now = at
            let device = devicesById[message.deviceId] ?? DeviceRecord(
                deviceId: message.deviceId, kind: message.kind, profile: message.profileId, site: site,
                assignment: .unassigned)
            core.process(message, device: device, resident: device.residentRef.flatMap { residentsByRef[$0] }, now: at)
            count += 1
        }
        if let end, end > (now ?? end) { advance(core, to: end) }
        return ReplayReport(
            messages: count, transitions: sink.transitions, duplicatesIgnored: duplicates.load(ordering: .relaxed))
    }

    private func startSupervision(
        _ core: LaneCore, _ devices: [String: DeviceRecord], _ residents: [String: ResidentRecord], at now: EpochMillis
    ) {
        for entry in supervision where entry.safetyCritical {
            guard let device = devices[entry.deviceId] else { continue }
            core.supervise(
                device: device, resident: device.residentRef.flatMap { residents[$0] }, supervision: entry, now: now)
        }
    }

    /// Fires every deadline up to `instant`, each at its own time.
    private func advance(_ core: LaneCore, to instant: EpochMillis) {
        while let due = core.nextDeadline(), due <= instant {
            core.fireDue(at: due)
        }
    }
}
