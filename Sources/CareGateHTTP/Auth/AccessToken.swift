/// Bearer tokens: made from the system's cryptographic random source, stored only as their
/// SHA-256, compared in constant time.
///
/// A token is `cgt_` followed by 64 hex digits (256 random bits). The prefix makes a leaked token
/// easy to recognise in a paste or a secret scanner.
public enum AccessToken {
    static let prefix = "cgt_"

    /// A new random token. `SystemRandomNumberGenerator` reads `getrandom(2)` on Linux, the
    /// kernel's CSPRNG.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + SHA256.hex(bytes)
    }

    /// The stored form of a token: its SHA-256 as lower-case hex.
    public static func hash(_ token: String) -> String {
        SHA256.hex(token)
    }

    /// Compares two digests in time that depends only on their length, so response times tell
    /// an attacker nothing about how much of a guess matched.
    public static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// The token in an `Authorization: Bearer <token>` header value, or nil.
    public static func bearer(in header: String) -> Substring? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].drop { $0 == " " }
        return token.isEmpty ? nil : token
    }
}
