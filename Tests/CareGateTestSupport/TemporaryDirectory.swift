import Foundation

/// A fresh directory under the system temp folder, removed when the value is released: each
/// storage test gets its own files.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(_ prefix: String = "caregate-test") {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/" + prefix + "-" + UUID().uuidString.prefix(8).lowercased()
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
