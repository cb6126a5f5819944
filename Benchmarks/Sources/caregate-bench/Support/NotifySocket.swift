import Foundation
import Synchronization

/// A `NOTIFY_SOCKET` like systemd's: a Unix datagram socket that notes when `READY=1` arrives, so
/// "time to ready" means what systemd means by it (migrations done, broker subscribed).
///
/// Reduced from the main package's test support: only the monotonic arrival time of READY=1 is kept.
final class NotifySocket: Sendable {
    let path: String
    private let descriptor: Int32
    private let readyAt = Mutex<UInt64?>(nil)

    init(path: String) throws {
        self.path = path
        unlink(path)
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sa_family_t>.size + bytes.count))
            }
        }
        guard bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [self] in receiveLoop() }
        thread.start()
    }

    deinit {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
        unlink(path)
    }

    /// When READY=1 arrived (monotonic nanoseconds), or nil.
    var ready: UInt64? { readyAt.withLock { $0 } }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                let now = Clock.monotonic()
                let text = String(decoding: buffer[0..<count], as: UTF8.self)
                if text.split(separator: "\n").contains("READY=1") {
                    readyAt.withLock { $0 = $0 ?? now }
                }
            } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
                continue
            } else {
                return
            }
        }
    }
}
