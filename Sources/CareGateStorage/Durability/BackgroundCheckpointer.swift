import Dispatch
import GRDB
import Synchronization

/// Checkpoints a WAL database from its own connection and queue, so no committing writer ever
/// runs a checkpoint.
///
/// SQLite's default runs a checkpoint inside whichever commit pushes the WAL past 1,000 pages:
/// that commit copies the pages back and fsyncs the WAL and the database before it returns, and
/// every other writer waits for it. For `alerts.sqlite` that writer is an alert lane on its way
/// to a carer (measured: 3–30 ms stalls under background telemetry). The writer connection turns
/// the automatic checkpoint off (`PRAGMA wal_autocheckpoint = 0`) and this type checkpoints once
/// the WAL has grown past `thresholdBytes`, in two passes:
///
/// 1. a `PASSIVE` checkpoint on a second connection copies the bulk; it takes no writer lock, so
///    commits go on meanwhile;
/// 2. a second `PASSIVE` checkpoint under the writer's lock copies only what was committed during
///    the first, so the WAL is fully copied and the next commit starts it again from the beginning.
///    Without this pass a steady writer keeps the WAL growing: the first pass never catches up.
///
/// The writer connection also sets `journal_size_limit` below the threshold, so the WAL file is
/// cut back when it starts over and its size says how much is waiting.
public final class BackgroundCheckpointer: Sendable {
    /// The WAL size the writer's connection cuts the file back to when it starts over.
    public static let journalSizeLimit: Int64 = 1 << 20

    private let path: String
    private let thresholdBytes: Int64
    private let queue = DispatchQueue(label: "caregate.checkpoint", qos: .utility)
    private let pending = Atomic<Bool>(false)
    private let connection = Mutex<DatabaseQueue?>(nil)
    private let writer = Mutex<WeakWriter>(WeakWriter())
    private let completed = Atomic<UInt64>(0)

    /// - Parameters:
    ///   - path: the database file.
    ///   - thresholdBytes: the WAL size from which a checkpoint is due (SQLite's own default is
    ///     1,000 pages, ≈ 4 MiB).
    public init(databasePath path: String, thresholdBytes: Int64 = 4 << 20) {
        self.path = path
        self.thresholdBytes = thresholdBytes
    }

    /// The database's writer, for the second pass (held weakly: the writer's connection owns the
    /// flusher that owns this checkpointer).
    public func attach(writer: DatabasePool) {
        self.writer.withLock { $0.pool = writer }
    }

    /// Checkpoints run so far.
    public var checkpoints: UInt64 { completed.load(ordering: .relaxed) }

    /// Called with the WAL's current size (after a flush); schedules a checkpoint when it is due.
    public func walGrew(to size: Int64) {
        guard size >= thresholdBytes, !pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async { [self] in
            defer { pending.store(false, ordering: .releasing) }
            checkpoint()
        }
    }

    /// Runs both passes, on the checkpointer's queue.
    private func checkpoint() {
        do {
            try connection.withLock { connection in
                if connection == nil {
                    var configuration = Configuration()
                    configuration.label = "checkpoint"
                    connection = try DatabaseQueue(path: path, configuration: configuration)
                }
                try connection?.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
            }
            try writer.withLock { $0.pool }?.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
            completed.add(1, ordering: .relaxed)
        } catch {
            // A failed checkpoint leaves the WAL longer; the next flush asks again.
        }
    }
}

/// A weak reference to a pool, storable in a `Mutex`.
private struct WeakWriter: @unchecked Sendable {
    weak var pool: DatabasePool?
}
