import CareGateHTTP
import Foundation

/// The local operator's API token in `<state_dir>/operator.token` (mode 0600): created by the
/// daemon at start when missing, read by `caregate` on the same machine (as root or the service
/// user, who alone can enter the state directory). It carries the `admin` scope.
///
/// To replace it, delete the file and restart the daemon; the old token stops working at once.
public enum OperatorToken {
    /// The token in `path`, created first if the file is missing or holds no token.
    static func ensure(at path: String) throws -> String {
        if let existing = read(at: path) {
            // Repair permissions someone loosened; the token itself is still the operator's.
            chmod(path, 0o600)
            return existing
        }
        let token = AccessToken.generate()
        let temporary = path + ".new"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw GatewayError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        let line = Array((token + "\n").utf8)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == line.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw GatewayError("cannot write the operator token to \(path): \(String(cString: strerror(errno)))")
        }
        return token
    }

    /// The token in `path`, or nil when the file is missing or empty.
    public static func read(at path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : token
    }
}
