import CareGateCore
import Foundation
import Synchronization

/// The alert log night staff tail: one JSON object per alert transition, appended to a file
/// (default `/var/log/caregate/alerts.jsonl`), reopened on SIGHUP so logrotate can move it.
///
/// Writes go straight to the file with `O_APPEND` (no user-space buffer), so `tail -f` sees a
/// transition the moment it happens and a crash cannot strand lines in memory. After a restart the
/// gateway appends what the database holds beyond the last `seq` in the file, so each transition
/// appears exactly once.
public final class AlertLog: Sendable {
    public let path: String
    private let descriptor: Mutex<Int32>

    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        descriptor = Mutex(-1)
        try reopen()
    }

    deinit {
        descriptor.withLock { if $0 >= 0 { close($0) } }
    }

    /// Closes and reopens the file (after logrotate moved it away).
    public func reopen() throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw AlertLogError(path: path, code: errno) }
        descriptor.withLock { current in
            if current >= 0 { close(current) }
            current = fd
        }
    }

    /// Appends one transition as a line.
    public func append(_ transition: AlertTransition) throws {
        var line = transition.jsonLine
        line.append("\n")
        try descriptor.withLock { fd in
            try line.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw AlertLogError(path: path, code: errno)
                    }
                    offset += written
                }
            }
        }
    }

    /// The `seq` of the last complete line in the log at `path`, or nil if there is none.
    public static func lastSequence(in path: String) -> Int64? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let window: UInt64 = min(size, 64 * 1024)
        try? handle.seek(toOffset: size - window)
        guard let data = try? handle.readToEnd(), !data.isEmpty else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        for line in lines.reversed() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let seq = object["seq"] as? NSNumber
            else { continue }
            return seq.int64Value
        }
        return nil
    }
}

/// The alert log could not be opened or written.
public struct AlertLogError: Error, CustomStringConvertible {
    public var path: String
    public var code: Int32
    public var description: String { "alert log \(path): \(String(cString: strerror(code)))" }
}
