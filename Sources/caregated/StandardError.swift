import Foundation

/// Standard error as a `TextOutputStream`, for messages printed before logging is set up.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
