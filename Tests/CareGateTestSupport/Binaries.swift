import Foundation

/// Where the built `caregated` and `caregate` binaries are: `$CAREGATE_BIN_DIR` (set by
/// scripts/test.sh to `swift build --show-bin-path`), else the debug build folder of this checkout.
public enum Binaries {
    public static var directory: String {
        if let configured = ProcessInfo.processInfo.environment["CAREGATE_BIN_DIR"], !configured.isEmpty {
            return configured
        }
        return repositoryRoot + "/.build/debug"
    }

    public static var daemon: String { directory + "/caregated" }
    public static var cli: String { directory + "/caregate" }

    /// The checkout this file belongs to (for `Devices/`, `config/`, fixtures).
    public static var repositoryRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    /// The shipped device profiles.
    public static var devicesDirectory: String { repositoryRoot + "/Devices" }
}
