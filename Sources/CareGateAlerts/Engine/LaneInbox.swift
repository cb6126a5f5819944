import CareGateCore
import DequeModule

/// A lane's bounded, two-level inbox: urgent items (events, alert-relevant changes, commands,
/// timer ticks) always go first; plain telemetry waits behind them in arrival order.
///
/// Each device may have at most `budget` telemetry messages queued. Beyond that its newest reading
/// per metric is merged into its latest queued message (and counted), so a device flooding at
/// 100× its rate occupies a fixed slice of the inbox and cannot delay anyone's event.
///
/// Per-device order survives the two levels: when an urgent message arrives for a device that
/// still has telemetry queued, that telemetry is promoted ahead of it. Otherwise an older reading
/// processed after a newer state change could undo it (`in_bed` true, then a stale `in_bed` false).
struct LaneInbox {
    struct QueuedMessage: Sendable {
        var message: DeviceMessage
        var device: DeviceRecord
        var resident: ResidentRecord?
    }

    enum Item: Sendable {
        case message(QueuedMessage)
        case tick
        case supervision(DeviceRecord, ResidentRecord?, DeviceSupervision?)
        case registry([DeviceRecord], [ResidentRecord])
        case settings(AlertSettings)
        case command(OperatorCommand, AlertSubject?, @Sendable (Result<[AlertTransition], AlertOperationError>) -> Void)
    }

    private var urgent = Deque<Item>()
    /// Plain telemetry; nil marks a slot promoted to `urgent`.
    private var telemetry = Deque<QueuedMessage?>()
    /// Absolute position of `telemetry.first`.
    private var base = 0
    /// Absolute positions of each device's queued telemetry, oldest first.
    private var queuedByDevice: [String: [Int]] = [:]
    /// Last submitted values of the state metrics, per device, for `AlertRelevance`.
    private var lastValues: [String: [String: MetricValue]] = [:]
    private(set) var telemetryCount = 0
    var urgentCount: Int { urgent.count }

    let budget: Int
    let telemetryCapacity: Int
    let urgentCapacity: Int

    /// Whether a drain of the lane is scheduled or running.
    var draining = false
    /// Called once the lane is idle (inbox empty, nothing running).
    var idleWaiters: [@Sendable () -> Void] = []

    var isEmpty: Bool { urgent.isEmpty && telemetryCount == 0 }

    init(budget: Int, telemetryCapacity: Int, urgentCapacity: Int) {
        self.budget = budget
        self.telemetryCapacity = telemetryCapacity
        self.urgentCapacity = urgentCapacity
    }

    mutating func push(_ queued: QueuedMessage) -> SubmitOutcome {
        let id = queued.message.deviceId
        var values = lastValues[id] ?? [:]
        let isUrgent = AlertRelevance.isUrgent(queued.message, lastValues: &values)
        if isUrgent { lastValues[id] = values }
        if isUrgent {
            guard urgent.count < urgentCapacity else { return .inboxFull }
            promoteTelemetry(of: id)
            urgent.append(.message(queued))
            return .queued
        }
        let positions = queuedByDevice[id] ?? []
        if let last = positions.last, positions.count >= budget || telemetryCount >= telemetryCapacity {
            coalesce(queued, into: last - base)
            return .coalesced
        }
        guard telemetryCount < telemetryCapacity else { return .inboxFull }
        telemetry.append(queued)
        queuedByDevice[id, default: []].append(base + telemetry.count - 1)
        telemetryCount += 1
        return .queued
    }

    /// Queues a non-message item at the front level; false when full (commands are refused then).
    mutating func push(_ item: Item, force: Bool = false) -> Bool {
        guard force || urgent.count < urgentCapacity else { return false }
        urgent.append(item)
        return true
    }

    mutating func pop() -> Item? {
        if let item = urgent.popFirst() { return item }
        while let slot = telemetry.popFirst() {
            base += 1
            guard let queued = slot else { continue }
            let id = queued.message.deviceId
            if var positions = queuedByDevice[id] {
                positions.removeFirst()
                queuedByDevice[id] = positions.isEmpty ? nil : positions
            }
            telemetryCount -= 1
            return .message(queued)
        }
        return nil
    }

    private mutating func promoteTelemetry(of device: String) {
        guard let positions = queuedByDevice.removeValue(forKey: device) else { return }
        for position in positions {
            guard let queued = telemetry[position - base] else { continue }
            telemetry[position - base] = nil
            urgent.append(.message(queued))
            telemetryCount -= 1
        }
    }

    /// Merges a newer telemetry message into a queued one: per metric the newer value wins, and the
    /// merged message takes the newer identity (seq, timestamps) for the trigger ledger.
    private mutating func coalesce(_ newer: QueuedMessage, into index: Int) {
        guard var queued = telemetry[index] else { return }
        for reading in newer.message.readings {
            if let existing = queued.message.readings.firstIndex(where: { $0.metric == reading.metric }) {
                queued.message.readings[existing] = reading
            } else {
                queued.message.readings.append(reading)
            }
        }
        queued.message.seq = newer.message.seq
        queued.message.sourceTs = newer.message.sourceTs
        queued.message.receivedAt = newer.message.receivedAt
        queued.message.stampedByGateway = newer.message.stampedByGateway
        queued.device = newer.device
        if let resident = newer.resident { queued.resident = resident }
        telemetry[index] = queued
    }
}
