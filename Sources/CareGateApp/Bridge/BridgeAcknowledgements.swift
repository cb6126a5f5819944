import CareGateStorage

/// The upstream bridge's delivery bookkeeping, without I/O: which published records await the
/// cloud broker's PUBACK (by message id), and per stream the highest `seq` up to which every
/// published record was acknowledged, the cursor the bridge may commit as "synced".
///
/// PUBACKs may come in any order; a record counts only once it and every record published before
/// it in its stream were acknowledged, so a committed cursor never passes an undelivered record.
/// When the connection is lost, whatever still awaits its PUBACK is forgotten and publishing
/// resumes after the delivered prefix (`connectionLost()`): those records go out again, which
/// makes delivery at-least-once (platforms de-duplicate on `seq`). Each connection is an epoch, so
/// a publish that raced with the loss is not recorded against the new connection.
///
/// A PUBACK can arrive on the network thread before `sent` recorded its message id (the publish
/// returns the id only after handing the message over); such an acknowledgement is kept until the
/// next `sent`, the only call that can claim it.
public struct BridgeAcknowledgements: Sendable {
    private struct Window: Sendable {
        /// Every record up to here was acknowledged (or committed before this process started).
        var delivered: Int64
        /// The last `seq` handed to the broker: the next read starts after it.
        var published: Int64
        /// Published records in `seq` order, with whether their PUBACK came.
        var pending: [(seq: Int64, acknowledged: Bool)] = []
    }

    private var windows: [SyncStream: Window]
    private var awaiting: [Int32: (stream: SyncStream, seq: Int64)] = [:]
    private var unclaimed: Set<Int32> = []
    /// The current connection's number; `connectionLost()` starts the next.
    public private(set) var epoch = 0

    /// Starts from the committed cursors (streams without one start at 0).
    public init(cursors: [SyncStream: Int64]) {
        windows = Dictionary(uniqueKeysWithValues: SyncStream.allCases.map { stream in
            let cursor = cursors[stream] ?? 0
            return (stream, Window(delivered: cursor, published: cursor))
        })
    }

    /// Records published and not yet acknowledged, across streams.
    public var inFlight: Int { awaiting.count }

    /// Where the next read of `stream` starts: after the last record published.
    public func publishedThrough(_ stream: SyncStream) -> Int64 { windows[stream]!.published }

    /// The highest `seq` of `stream` up to which every record was acknowledged.
    public func deliveredThrough(_ stream: SyncStream) -> Int64 { windows[stream]!.delivered }

    /// Records that `seq` of `stream` was published as message `mid` during connection `epoch`.
    /// Returns false, recording nothing, when the connection was lost since (or `seq` does not
    /// follow the last published one): the caller stops and reads again from
    /// `publishedThrough`.
    @discardableResult
    public mutating func sent(_ stream: SyncStream, seq: Int64, mid: Int32, epoch: Int) -> Bool {
        defer { unclaimed.removeAll() }
        guard epoch == self.epoch, seq > windows[stream]!.published else { return false }
        windows[stream]!.published = seq
        if unclaimed.contains(mid) {
            windows[stream]!.pending.append((seq, true))
            settle(stream)
        } else {
            windows[stream]!.pending.append((seq, false))
            awaiting[mid] = (stream, seq)
        }
        return true
    }

    /// The broker acknowledged message `mid`; returns the stream of the record it carried, or nil
    /// for a message this bookkeeping does not know (kept for the next `sent`).
    @discardableResult
    public mutating func acknowledged(mid: Int32) -> SyncStream? {
        guard let (stream, seq) = awaiting.removeValue(forKey: mid) else {
            unclaimed.insert(mid)
            return nil
        }
        if let index = windows[stream]!.pending.firstIndex(where: { $0.seq == seq }) {
            windows[stream]!.pending[index].acknowledged = true
        }
        settle(stream)
        return stream
    }

    /// The connection ended: records still awaiting their PUBACK will be published again after
    /// the delivered prefix, and late acknowledgements of the old connection are ignored.
    public mutating func connectionLost() {
        epoch += 1
        awaiting.removeAll()
        unclaimed.removeAll()
        for stream in SyncStream.allCases {
            windows[stream]!.pending.removeAll()
            windows[stream]!.published = windows[stream]!.delivered
        }
    }

    /// Moves `delivered` over the acknowledged prefix of the pending records.
    private mutating func settle(_ stream: SyncStream) {
        var window = windows[stream]!
        let prefix = window.pending.prefix { $0.acknowledged }
        guard let last = prefix.last else { return }
        window.delivered = last.seq
        window.pending.removeFirst(prefix.count)
        windows[stream] = window
    }
}
