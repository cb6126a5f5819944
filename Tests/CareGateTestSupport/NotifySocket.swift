import Foundation
import Synchronization

/// A real `NOTIFY_SOCKET`: a Unix datagram socket that collects what a daemon sends to systemd
/// (`READY=1`, `WATCHDOG=1`, `STOPPING=1`, `STATUS=...`), each with its arrival time.
public final class NotifySocket: Sendable {
    /// One datagram and when it arrived.
    public struct Notification: Sendable {
        public var text: String
        public var at: ContinuousClock.Instant
    }

    public let path: String
    private let descriptor: Int32
    private let received = Mutex<[Notification]>([])

    public init(directory: String, name: String = "notify.sock") throws {
        path = directory + "/" + name
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

    /// Every notification so far.
    public var notifications: [Notification] { received.withLock { $0 } }

    /// Waits until a notification containing `line` (e.g. `READY=1`) arrived; false on timeout.
    public func wait(for line: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if contains(line) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return contains(line)
    }

    /// True if any notification had `line` as one of its lines.
    public func contains(_ line: String) -> Bool {
        received.withLock { $0.contains { $0.text.split(separator: "\n").contains { $0 == line } } }
    }

    private func receiveLoop() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                let text = String(decoding: buffer[0..<count], as: UTF8.self)
                received.withLock { $0.append(Notification(text: text, at: .now)) }
            } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
                continue
            } else {
                return
            }
        }
    }
}
