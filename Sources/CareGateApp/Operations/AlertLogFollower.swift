import CareGateCore
import Foundation

/// Reads the alert log as `caregate alerts tail` shows it: the last lines, then (with follow)
/// each new line as it is appended, reopening the file when logrotate replaces it.
public struct AlertLogFollower: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The last `count` transitions in the log.
    public func last(_ count: Int) -> [AlertTransition] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = data.split(separator: UInt8(ascii: "\n")).suffix(count)
        return lines.compactMap(Self.decode)
    }

    /// Calls `body` for every transition appended from now on, until the task is cancelled.
    public func follow(startingAtEnd: Bool = true, _ body: (AlertTransition) -> Void) async {
        var handle: FileHandle?
        var inode: UInt64 = 0
        var pending = Data()
        while !Task.isCancelled {
            let current = Self.inode(of: path)
            if handle == nil || current != inode {
                try? handle?.close()
                handle = FileHandle(forReadingAtPath: path)
                if handle != nil, inode == 0 && startingAtEnd { _ = try? handle?.seekToEnd() }
                inode = current ?? 0
                pending.removeAll()
            }
            if let chunk = try? handle?.readToEnd(), !chunk.isEmpty {
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[pending.startIndex..<newline]
                    pending.removeSubrange(pending.startIndex...newline)
                    if let transition = Self.decode(line) { body(transition) }
                }
            } else {
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    static func decode<Line: DataProtocol>(_ line: Line) -> AlertTransition? {
        try? JSONDecoder().decode(AlertTransition.self, from: Data(line))
    }

    private static func inode(of path: String) -> UInt64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt64(info.st_ino)
    }
}
