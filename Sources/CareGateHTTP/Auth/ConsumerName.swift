/// Rules for consumer names: they appear in URLs, audit lines and logs, so they are short and
/// plain.
public enum ConsumerName {
    /// The local operator's consumer, backed by `<state_dir>/operator.token`; no one else may
    /// take the name.
    public static let operatorName = "operator"
    /// The upstream MQTT bridge's consumer (config `bridge:`): it has cursors and holds back
    /// purging like a platform, but no token, so nobody can call the API as it.
    public static let bridgeName = "bridge"

    /// Why `name` cannot name a consumer, or nil when it can: 1 to 64 of letters, digits, `.`,
    /// `_` and `-`, starting with a letter or digit.
    public static func problem(with name: String) -> String? {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count) else { return "a consumer name has 1 to 64 characters" }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        guard isAlphanumeric(bytes[0]),
            bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
        else { return "consumer name '\(name)' must be letters, digits, '.', '_' or '-', starting with a letter or digit" }
        return nil
    }
}
