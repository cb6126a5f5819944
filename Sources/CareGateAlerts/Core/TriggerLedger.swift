import CareGateCore
import DequeModule

/// The trigger keys already acted on, remembered for a retention period (48 h by default: far
/// longer than any journal replay or broker redelivery), oldest first so pruning is cheap.
struct TriggerLedger {
    private var keys: Set<TriggerKey> = []
    private var order: Deque<(key: TriggerKey, at: EpochMillis)> = []
    let retention: EpochMillis

    init(retention: EpochMillis) { self.retention = retention }

    var count: Int { keys.count }

    func contains(_ key: TriggerKey) -> Bool { keys.contains(key) }

    mutating func insert(_ key: TriggerKey, at now: EpochMillis) {
        guard keys.insert(key).inserted else { return }
        order.append((key, now))
        while let first = order.first, first.at < now - retention {
            keys.remove(first.key)
            order.removeFirst()
        }
    }
}
