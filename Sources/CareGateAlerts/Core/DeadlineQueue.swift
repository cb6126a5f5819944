import CareGateCore
import HeapModule

/// The lane's timers: one pending instant per target (a rule's state or an alert), kept in a heap
/// so that finding the earliest is O(1) however many subjects the lane serves.
///
/// Re-scheduling does not search the heap: it bumps the target's version and pushes a new entry;
/// stale entries are skipped when they surface, and the heap is rebuilt if they pile up.
struct DeadlineQueue {
    enum Target: Hashable {
        case rule(AlertKey)
        case alert(AlertKey)
    }

    private struct Entry: Comparable {
        var at: EpochMillis
        var version: UInt64
        var target: Target

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            lhs.at != rhs.at ? lhs.at < rhs.at : lhs.version < rhs.version
        }

        static func == (lhs: Entry, rhs: Entry) -> Bool { lhs.at == rhs.at && lhs.version == rhs.version }
    }

    private var heap = Heap<Entry>()
    private var pending: [Target: (at: EpochMillis, version: UInt64)] = [:]
    private var nextVersion: UInt64 = 0

    var count: Int { pending.count }

    /// Sets (or with nil, clears) the instant at which `target` is due.
    mutating func schedule(_ target: Target, at instant: EpochMillis?) {
        guard let instant else {
            pending[target] = nil
            return
        }
        if let current = pending[target], current.at == instant { return }
        nextVersion += 1
        pending[target] = (instant, nextVersion)
        heap.insert(Entry(at: instant, version: nextVersion, target: target))
        if heap.count > 64 + 4 * pending.count { rebuild() }
    }

    /// The earliest pending instant.
    mutating func earliest() -> EpochMillis? {
        dropStale()
        return heap.min?.at
    }

    /// Removes and returns the earliest target due at `now`, if any.
    mutating func popDue(at now: EpochMillis) -> Target? {
        dropStale()
        guard let top = heap.min, top.at <= now else { return nil }
        heap.removeMin()
        pending[top.target] = nil
        return top.target
    }

    private mutating func dropStale() {
        while let top = heap.min, pending[top.target]?.version != top.version {
            heap.removeMin()
        }
    }

    private mutating func rebuild() {
        heap = Heap(pending.map { Entry(at: $0.value.at, version: $0.value.version, target: $0.key) })
    }
}
