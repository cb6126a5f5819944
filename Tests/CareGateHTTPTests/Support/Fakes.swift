import CareGateCore
import CareGateHTTP
import CareGateStorage
import Synchronization

/// An alert desk with scripted alerts and a live feed the test drives.
final class FakeAlertDesk: AlertDesk {
    private let state = Mutex<(alerts: [AlertView], listeners: [AsyncStream<AlertTransition>.Continuation])>(([], []))

    func alerts(_ filter: ControlDatabase.AlertHistoryFilter, limit: Int) async throws -> [AlertView] {
        state.withLock { $0.alerts }.filter { filter == .all || ($0.status == "resolved") == (filter == .resolved) }
    }

    func alert(id: String) async throws -> AlertView? {
        state.withLock { $0.alerts.first { $0.id == id } }
    }

    func transitions(ofAlert id: String) async throws -> [AlertLogRecord] { [] }

    func perform(_ action: AlertAction, alertId: String, request: AlertActionRequest, actor: String) async throws -> AlertTransition {
        guard state.withLock({ $0.alerts.contains { $0.id == alertId } }) else { throw Problem.notFound("no alert \(alertId)") }
        return Self.transition(seq: 1, alertId: alertId, kind: action == .acknowledge ? .acknowledged : .resolved, by: request.by)
    }

    func liveTransitions() -> AsyncStream<AlertTransition> {
        let (stream, continuation) = AsyncStream<AlertTransition>.makeStream()
        state.withLock { $0.listeners.append(continuation) }
        return stream
    }

    var listenerCount: Int { state.withLock { $0.listeners.count } }

    func add(_ alert: AlertView) {
        state.withLock { $0.alerts.append(alert) }
    }

    /// Sends a transition to every live listener.
    func broadcast(_ transition: AlertTransition) {
        for listener in state.withLock({ $0.listeners }) { listener.yield(transition) }
    }

    static func transition(seq: Int64, alertId: String = "A1", kind: AlertTransitionKind = .raised, by: String? = nil) -> AlertTransition {
        AlertTransition(
            seq: seq, alertId: alertId, transition: kind, rule: "sos", severity: .high, tier: 1, site: "s1", room: "101", bed: nil,
            deviceId: "cb-1", kind: .callButton, residentRef: "R-1", sourceTs: 1_000, raisedAt: 1_000, at: 1_000 + seq, by: by,
            message: "SOS call")
    }
}

/// A registry desk over dictionaries.
final class FakeRegistryDesk: RegistryDesk {
    private let devicesById = Mutex<[String: DeviceView]>([:])
    private let residentsByRef = Mutex<[String: ResidentRecord]>([:])

    func devices() -> [DeviceView] { Array(devicesById.withLock { $0.values }) }
    func device(id: String) -> DeviceView? { devicesById.withLock { $0[id] } }

    func saveDevice(id: String, _ update: DeviceUpdate, actor: String) async throws -> DeviceView {
        let view = DeviceView(DeviceRecord(deviceId: id, kind: .fallRadar, profile: update.profile, site: "s1", room: update.room), status: nil)
        devicesById.withLock { $0[id] = view }
        return view
    }

    func removeDevice(id: String, actor: String) async throws {
        _ = devicesById.withLock { $0.removeValue(forKey: id) }
    }

    func residents() -> [ResidentRecord] { Array(residentsByRef.withLock { $0.values }) }
    func resident(ref: String) -> ResidentRecord? { residentsByRef.withLock { $0[ref] } }

    func saveResident(_ resident: ResidentRecord, actor: String) async throws -> ResidentRecord {
        residentsByRef.withLock { $0[resident.residentRef] = resident }
        return resident
    }
}

/// A monitor whose health the test sets.
final class FakeMonitor: GatewayMonitor {
    let problems = Mutex<[String]>([])

    func health() -> HealthReport { HealthReport(live: true, problems: problems.withLock { $0 }) }

    func status() async throws -> StatusReport {
        StatusReport(
            site: "s1", at: 0, health: health(),
            broker: .init(url: "mqtt://127.0.0.1:1883", state: "connected", ready: true, connects: 1, disconnects: 0, lastError: nil),
            ingest: .init(windowSeconds: 0, perSecond: [:], totals: [:]), alerts: .init(open: 0, bySeverity: [:]),
            buffer: .init(streams: [], files: [:]), devices: .init(registered: 0, unassigned: 0, offlineCount: 0, offline: []))
    }

    func metrics() -> [UInt8]? { Array("# TYPE caregate_test_total counter\ncaregate_test_total 1\n".utf8) }

    func notices() async throws -> [OperatorNotice] { [] }
}

/// A metering desk straight over the harness's databases (no live registry to update).
struct StorageMeteringDesk: MeteringDesk {
    let buffer: BufferDatabase
    let control: ControlDatabase
    let sequence: GatewaySequence
    let clock: any GatewayClock
    static let calendar = SiteCalendar(identifier: "Asia/Shanghai")!

    func usageToday() async throws -> [UsageRecord] {
        try await buffer.openUsage(day: Self.calendar.dayNumber(clock.now()), calendar: Self.calendar)
    }

    func recordAssetEvent(
        assetTag: String, type: AssetEventType, at: EpochMillis, _ request: AssetEventRequest, actor: String
    ) async throws -> AssetEventRecord {
        try control.recordAssetEvent(
            assetTag: assetTag, type: type, contract: request.contract, note: request.note, by: request.by, at: at, actor: actor,
            recordedAt: clock.now(), sequence: sequence
        ).event
    }
}
