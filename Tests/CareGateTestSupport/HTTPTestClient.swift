#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Dispatch
import Foundation

/// A plain HTTP/1.1 client over a loopback TCP socket, for tests of the gateway's API: whole
/// requests (`send`), and streamed responses read line by line (`open`), so a test can follow
/// server-sent events or stop in the middle of an NDJSON stream the way a crashing consumer would.
///
/// Blocking socket calls run on a dispatch queue, never on Swift's cooperative pool, so a test
/// waiting for a slow stream cannot starve the server it talks to.
public struct HTTPTestClient: Sendable {
    public let port: Int
    /// Sent as `Authorization: Bearer <token>` when set.
    public var token: String?

    public init(port: Int, token: String? = nil) {
        self.port = port
        self.token = token
    }

    /// A complete response.
    public struct Response: Sendable {
        public var status: Int
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: [UInt8]

        public var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object (nil when it is not one).
        public var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }
    }

    /// Sends a request and reads the whole response.
    public func send(
        _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]
    ) async throws -> Response {
        let stream = try await open(method, path, body: body, headers: headers)
        defer { stream.close() }
        return Response(status: stream.status, headers: stream.headers, body: try await stream.readToEnd())
    }

    /// Sends a request and returns once the response head has arrived; read the body from the
    /// returned stream.
    public func open(
        _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]
    ) async throws -> HTTPResponseStream {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        let bodyBytes = Array((body ?? "").utf8)
        if body != nil { head += "Content-Type: application/json\r\nContent-Length: \(bodyBytes.count)\r\n" }
        head += "\r\n"
        let stream = try await HTTPResponseStream.connect(port: port)
        try await stream.write(Array(head.utf8) + bodyBytes)
        try await stream.readHead()
        return stream
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }
}

/// One response being received: its status and headers, then its body, de-chunked.
public final class HTTPResponseStream: @unchecked Sendable {
    // @unchecked Sendable: the buffers are touched only by the one task that reads the stream
    // (reads are awaited one at a time); the descriptor is closed once.
    private let descriptor: Int32
    private var pending: [UInt8] = []
    private var chunked = false
    private var remainingInChunk = 0
    private var contentLength: Int?
    private var bodyRead = 0
    private var finished = false
    private var isClosed = false
    private var body: [UInt8] = []
    /// Where this stream's blocking socket calls run: a serial queue of its own, which libdispatch
    /// serves with an overcommit thread. (A shared concurrent queue draws on a pool capped at the
    /// CPU count: three tests waiting in `recv` there stalled the server they were waiting for.)
    private let queue = DispatchQueue(label: "caregate.test.http.stream")

    public private(set) var status = 0
    public private(set) var headers: [String: String] = [:]

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close() }

    static func connect(port: Int) async throws -> HTTPResponseStream {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw HTTPTestClient.Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                systemConnect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            systemClose(descriptor)
            throw HTTPTestClient.Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)")
        }
        return HTTPResponseStream(descriptor: descriptor)
    }

    /// Closes the connection (a client that goes away mid-response).
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        finished = true
        systemClose(descriptor)
    }

    func write(_ bytes: [UInt8]) async throws {
        let descriptor = self.descriptor
        try await offload {
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else { throw HTTPTestClient.Failure(description: "send: errno \(errno)") }
                offset += sent
            }
        }
    }

    /// Reads the status line and headers.
    func readHead() async throws {
        while true {
            if let end = Self.find([13, 10, 13, 10], in: pending) {
                let lines = String(decoding: pending[..<end], as: UTF8.self).components(separatedBy: "\r\n")
                pending.removeSubrange(..<(end + 4))
                let parts = lines.first?.split(separator: " ") ?? []
                status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
                for line in lines.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                chunked = headers["transfer-encoding"]?.lowercased() == "chunked"
                contentLength = headers["content-length"].flatMap { Int($0) }
                if contentLength == 0 { finished = true }
                return
            }
            guard try await receive() else { throw HTTPTestClient.Failure(description: "connection closed before the response head") }
        }
    }

    /// The next line of the body without its `\n` (and `\r`), or nil at the end of the body.
    public func nextLine() async throws -> String? {
        while true {
            if let newline = body.firstIndex(of: 10) {
                var line = Array(body[..<newline])
                body.removeSubrange(...newline)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard try await fillBody() else {
                guard !body.isEmpty else { return nil }
                defer { body.removeAll() }
                return String(decoding: body, as: UTF8.self)
            }
        }
    }

    /// The rest of the body.
    public func readToEnd() async throws -> [UInt8] {
        while try await fillBody() {}
        defer { body.removeAll() }
        return body
    }

    /// Moves more de-chunked body bytes into `body`; false at the end of the body.
    private func fillBody() async throws -> Bool {
        while true {
            if finished { return false }
            if chunked {
                if remainingInChunk == 0 {
                    guard let end = Self.find([13, 10], in: pending) else {
                        guard try await receive() else { return false }
                        continue
                    }
                    let sizeText = String(decoding: pending[..<end], as: UTF8.self).split(separator: ";").first ?? ""
                    pending.removeSubrange(..<(end + 2))
                    guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                        throw HTTPTestClient.Failure(description: "bad chunk size '\(sizeText)'")
                    }
                    if size == 0 {
                        finished = true
                        return false
                    }
                    remainingInChunk = size + 2
                }
                if pending.isEmpty {
                    guard try await receive() else { return false }
                }
                let take = min(remainingInChunk, pending.count)
                let dataBytes = max(0, min(take, remainingInChunk - 2))
                body.append(contentsOf: pending[..<dataBytes])
                pending.removeSubrange(..<take)
                remainingInChunk -= take
                if dataBytes > 0 { return true }
            } else {
                if !pending.isEmpty {
                    body.append(contentsOf: pending)
                    bodyRead += pending.count
                    pending.removeAll()
                    if let contentLength, bodyRead >= contentLength { finished = true }
                    return true
                }
                guard try await receive() else {
                    finished = true
                    return false
                }
            }
        }
    }

    /// Appends what the socket has to `pending`; false when the peer closed.
    private func receive() async throws -> Bool {
        let descriptor = self.descriptor
        let chunk: [UInt8] = try await offload {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count >= 0 else { throw HTTPTestClient.Failure(description: "recv: errno \(errno)") }
            return Array(buffer[..<count])
        }
        pending.append(contentsOf: chunk)
        return !chunk.isEmpty
    }

    private func offload<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if Array(haystack[index..<index + needle.count]) == needle { return index }
        }
        return nil
    }
}

// The socket calls by their C names, which the stream's own `connect` and `close` shadow.
private func systemConnect(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    connect(descriptor, address, length)
}

private func systemClose(_ descriptor: Int32) {
    _ = close(descriptor)
}
