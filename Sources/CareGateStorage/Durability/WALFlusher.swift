#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Dispatch
import Synchronization

/// Makes transactions that a WAL database committed with `synchronous=NORMAL` durable against
/// power loss within milliseconds, without making the committing thread wait for the disk.
///
/// With `synchronous=NORMAL` a commit is in the kernel's page cache when it returns: it survives
/// `kill -9` of the process, and SQLite fsyncs the WAL only at checkpoints. With `FULL` every
/// commit waits for an fsync, which on this machine's disk takes 2 ms at the median and 14 ms at
/// p99 under load: too long for an alert on its way to a carer. So `alerts.sqlite` commits with
/// `NORMAL`, and after each commit this flusher fsyncs the `-wal` file on its own queue
/// (`fsync` of any descriptor of a file flushes all of its dirty pages). Requests that arrive
/// while a flush is pending share it. What a power cut can take is the last few milliseconds of
/// commits, never more than the ingest journal's one-second window that fed them.
///
/// ``flushNow()`` waits for the flush, for writers whose callers are promised durability before
/// the answer (a consumer's cursor commit).
public final class WALFlusher: Sendable {
    private let walPath: String
    private let queue = DispatchQueue(label: "caregate.wal-flush", qos: .userInitiated)
    private let pending = Atomic<Bool>(false)
    private let completed = Atomic<UInt64>(0)
    private let failed = Atomic<UInt64>(0)

    private let checkpointer: BackgroundCheckpointer?

    /// - Parameters:
    ///   - databasePath: the database file; its WAL is `databasePath + "-wal"`.
    ///   - checkpointer: told the WAL's size after each flush, for databases whose writer does not
    ///     checkpoint itself.
    public init(databasePath: String, checkpointer: BackgroundCheckpointer? = nil) {
        walPath = databasePath + "-wal"
        self.checkpointer = checkpointer
    }

    /// Flushes completed so far (each may cover several commits).
    public var flushes: UInt64 { completed.load(ordering: .relaxed) }

    /// Flushes that failed (the disk reported an error), for `/metrics`.
    public var failures: UInt64 { failed.load(ordering: .relaxed) }

    /// Asks for a flush of everything committed so far; returns at once.
    public func request() {
        guard !pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async { [self] in
            pending.store(false, ordering: .releasing)
            _ = flush()
        }
    }

    /// Flushes everything committed so far before returning; false if the disk reported an error.
    @discardableResult
    public func flushNow() -> Bool {
        queue.sync { flush() }
    }

    private func flush() -> Bool {
        let descriptor = open(walPath, O_RDONLY | O_CLOEXEC)
        // No WAL file: nothing was committed since the last checkpoint removed it.
        guard descriptor >= 0 else { return errno == ENOENT }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            failed.add(1, ordering: .relaxed)
            return false
        }
        completed.add(1, ordering: .relaxed)
        if let checkpointer {
            var status = stat()
            if fstat(descriptor, &status) == 0 { checkpointer.walGrew(to: Int64(status.st_size)) }
        }
        return true
    }
}
