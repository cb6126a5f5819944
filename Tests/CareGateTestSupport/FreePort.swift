#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Synchronization

/// Finds a TCP port on 127.0.0.1 that nothing listens on, so each test's broker gets its own.
///
/// A port is handed out only once per test process and is chosen outside the kernel's ephemeral
/// range (`ip_local_port_range`), where a listener bound to port 0 (a daemon's HTTP server) or an
/// outgoing connection could otherwise take it between this check and the broker's own `bind`:
/// with `bind(port 0)` here, mosquitto failed now and then with "Address already in use".
public enum FreePort {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private static let handedOut = Mutex<Set<Int>>([])

    /// Ports the kernel never picks by itself: below the ephemeral range when there is room,
    /// above it otherwise.
    private static let candidates: ClosedRange<Int> = {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let bounds = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        let (low, high) = bounds.count == 2 ? (bounds[0], bounds[1]) : (32768, 60999)
        return low > 12_000 ? 10_000...(low - 1) : (high + 1)...65_535
    }()

    /// A currently free loopback port that no earlier call returned.
    public static func loopback() throws -> Int {
        for _ in 0..<1000 {
            let port = Int.random(in: candidates)
            guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
            if let socket = LoopbackSocket(bindingPort: port) {
                socket.close()
                return port
            }
        }
        throw Failure(description: "no free loopback port in \(candidates)")
    }

    /// Whether something accepts TCP connections on `127.0.0.1:port` right now.
    public static func isAccepting(_ port: Int) -> Bool {
        guard let socket = LoopbackSocket() else { return false }
        defer { socket.close() }
        return socket.withAddress(port: port) { connect(socket.descriptor, $0, $1) == 0 }
    }
}

/// Keeps a loopback port taken while nothing listens on it, so that a test which stops its broker
/// and starts it again on the same port does not lose the port to another test in between.
///
/// The socket is bound but never listens: connections to the port are refused, as they would be
/// with the port free, and no other process (a second test run) can bind the port meanwhile.
/// `SO_REUSEADDR` lets the hold bind next to the stopped broker's TIME_WAIT connections.
public final class PortHold: Sendable {
    private let socket: LoopbackSocket

    /// Takes `port`; nil if that is not possible right now.
    public init?(port: Int) {
        guard let socket = LoopbackSocket(bindingPort: port, reuseAddress: true) else { return nil }
        self.socket = socket
    }

    deinit { socket.close() }
}

/// A TCP socket for 127.0.0.1, closed by its owner.
struct LoopbackSocket: Sendable {
    let descriptor: Int32

    init?() {
        #if canImport(Glibc)
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return nil }
    }

    /// A socket bound to `127.0.0.1:port`; nil if the port cannot be bound.
    init?(bindingPort port: Int, reuseAddress: Bool = false) {
        self.init()
        if reuseAddress {
            var one: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        guard withAddress(port: port, { [descriptor] in bind(descriptor, $0, $1) == 0 }) else {
            close()
            return nil
        }
    }

    func withAddress<Result>(port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    func close() {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }
}
