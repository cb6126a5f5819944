import Glibc
import Synchronization

/// Space held back on the state directory's filesystem so that alerting can still write when the
/// disk fills up: a pre-allocated file that is deleted the moment `alerts.sqlite` meets a full
/// disk, and allocated again once there is room.
///
/// Telemetry may be dropped on a full disk (counted by reason); an alert must still become
/// durable and reach the staff. A few megabytes hold thousands of alert transitions.
public final class DiskReserve: Sendable {
    public let path: String
    public let bytes: Int
    private let held = Atomic<Bool>(false)

    /// Makes sure the reserve exists, if the disk has room for it.
    public init(path: String, bytes: Int = 16 << 20) {
        self.path = path
        self.bytes = bytes
        held.store(access(path, F_OK) == 0, ordering: .relaxed)
        _ = restore()
    }

    /// True while the reserve is allocated.
    public var isHeld: Bool { held.load(ordering: .relaxed) }

    /// Frees the reserve; returns true if it was held (so a failed write is worth retrying).
    @discardableResult
    public func release() -> Bool {
        guard held.exchange(false, ordering: .acquiringAndReleasing) else { return false }
        unlink(path)
        return true
    }

    /// Allocates the reserve again when the filesystem has room for it and a margin as large
    /// again; returns true if it is held afterwards.
    @discardableResult
    public func restore() -> Bool {
        if isHeld { return true }
        guard let free = Self.freeBytes(near: path), free > Int64(bytes) * 2 else { return false }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard posix_fallocate(fd, 0, off_t(bytes)) == 0 else {
            unlink(path)
            return false
        }
        held.store(true, ordering: .relaxed)
        return true
    }

    /// Free bytes for an unprivileged writer on the filesystem holding `path`'s directory.
    public static func freeBytes(near path: String) -> Int64? {
        var directory = path
        if let slash = path.lastIndex(of: "/") { directory = String(path[..<slash]) }
        if directory.isEmpty { directory = "/" }
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
