import CareGateCore

/// Alert ids: 26 characters of Crockford base32, ULID-shaped: 10 characters of the raise time in
/// milliseconds (so ids sort by time), then 16 characters hashed from the alert key, the raise time
/// and a per-lane counter (so they are unique, and deterministic in replay).
enum AlertIdentifier {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    static func make(key: AlertKey, raisedAt: EpochMillis, counter: UInt64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(26)
        var time = UInt64(max(0, raisedAt))
        var timeChars = [UInt8](repeating: 0, count: 10)
        for index in stride(from: 9, through: 0, by: -1) {
            timeChars[index] = alphabet[Int(time & 31)]
            time >>= 5
        }
        bytes += timeChars
        var high = fnv1a(key.storageKey, seed: 0xcbf2_9ce4_8422_2325 ^ counter)
        var low = fnv1a(String(raisedAt), seed: high ^ 0x9e37_79b9_7f4a_7c15)
        for _ in 0..<8 {
            bytes.append(alphabet[Int(high & 31)])
            high >>= 5
        }
        for _ in 0..<8 {
            bytes.append(alphabet[Int(low & 31)])
            low >>= 5
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// 64-bit FNV-1a: stable across processes, unlike `Hasher`.
    static func fnv1a(_ text: String, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
