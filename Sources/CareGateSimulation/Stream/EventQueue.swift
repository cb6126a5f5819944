import CareGateCore

/// A binary min-heap of timed entries, ordered by time and then by insertion, so that entries due
/// at the same millisecond come out in a fixed order and the stream stays deterministic.
///
/// The simulation module depends on nothing but the core, so this small heap stands in for
/// swift-collections' `Heap`.
struct EventQueue<Payload: Sendable>: Sendable {
    private struct Entry: Sendable {
        var time: EpochMillis
        var order: UInt64
        var payload: Payload

        func precedes(_ other: Entry) -> Bool {
            time != other.time ? time < other.time : order < other.order
        }
    }

    private var entries: [Entry] = []
    private var inserted: UInt64 = 0

    mutating func push(_ payload: Payload, at time: EpochMillis) {
        inserted += 1
        entries.append(Entry(time: time, order: inserted, payload: payload))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (time: EpochMillis, payload: Payload)? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let top = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var first = parent
            if left < entries.count && entries[left].precedes(entries[first]) { first = left }
            if right < entries.count && entries[right].precedes(entries[first]) { first = right }
            if first == parent { break }
            entries.swapAt(parent, first)
            parent = first
        }
        return (top.time, top.payload)
    }
}
