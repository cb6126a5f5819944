/// Bounds on what the decoder accepts, checked before any work is spent on a payload.
///
/// Real device payloads are 150–1500 bytes and at most four or five levels deep; the defaults leave
/// ample room for vendor verbosity while bounding the memory and time a hostile or broken payload
/// can cost on the MQTT thread (see `Devices/README.md`).
public struct DecodeLimits: Sendable, Hashable {
    /// Larger payloads are quarantined as `oversized` without being parsed.
    public var maxPayloadBytes: Int
    /// Objects and arrays nested deeper than this are quarantined as `too_deep`.
    public var maxDepth: Int

    public init(maxPayloadBytes: Int = 16_384, maxDepth: Int = 16) {
        self.maxPayloadBytes = maxPayloadBytes
        self.maxDepth = maxDepth
    }

    /// 16 KiB and 16 levels.
    public static let standard = DecodeLimits()
}
