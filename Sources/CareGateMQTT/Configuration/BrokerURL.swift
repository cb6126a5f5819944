/// A broker address as operators write it: `mqtt://HOST:PORT` or `mqtts://HOST:PORT`.
///
/// The daemon's `--broker` flag and the config file's `broker:` key take this form. The port
/// defaults to 1883 for `mqtt` and 8883 for `mqtts`; an IPv6 host is written in brackets
/// (`mqtt://[::1]:1883`). Credentials, paths and queries are rejected rather than ignored, so a
/// password pasted into a URL never ends up in a log line.
public struct BrokerURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var usesTLS: Bool

    public init(host: String, port: Int, usesTLS: Bool) {
        self.host = host
        self.port = port
        self.usesTLS = usesTLS
    }

    /// Parses `text`, throwing an `.invalid` error that says what is wrong with it.
    public init(parsing text: String) throws(MQTTError) {
        func fail(_ reason: String) -> MQTTError {
            MQTTError(code: .invalid, message: "invalid broker URL \"\(text)\": \(reason)", context: "broker")
        }
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else {
            throw fail("expected mqtt://HOST:PORT or mqtts://HOST:PORT")
        }
        switch text[..<colon].lowercased() {
        case "mqtt": usesTLS = false
        case "mqtts": usesTLS = true
        case let scheme: throw fail("unknown scheme \"\(scheme)\" (use mqtt or mqtts)")
        }
        var authority = text[text.index(colon, offsetBy: 3)...]
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        if authority.contains("@") { throw fail("credentials do not belong in the URL; configure username and password") }
        if authority.contains("/") || authority.contains("?") || authority.contains("#") {
            throw fail("a broker URL has no path, query or fragment")
        }

        let hostPart: Substring
        let portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw fail("unclosed \"[\" in IPv6 host") }
            hostPart = authority[authority.index(after: authority.startIndex) ..< close]
            let rest = authority[authority.index(after: close)...]
            if rest.isEmpty {
                portPart = nil
            } else if rest.hasPrefix(":") {
                portPart = rest.dropFirst()
            } else {
                throw fail("unexpected text after IPv6 host")
            }
        } else if let colon = authority.firstIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
            portPart = nil
        }
        guard !hostPart.isEmpty else { throw fail("missing host") }
        host = String(hostPart)

        if let portPart {
            guard !portPart.isEmpty, portPart.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let value = Int(portPart), (1 ... 65535).contains(value)
            else { throw fail("port must be a number from 1 to 65535") }
            port = value
        } else {
            port = usesTLS ? 8883 : 1883
        }
    }

    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(usesTLS ? "mqtts" : "mqtt")://\(shownHost):\(port)"
    }
}
