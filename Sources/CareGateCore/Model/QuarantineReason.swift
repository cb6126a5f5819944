/// Why a message could not be accepted. Every quarantined message is stored with its raw bytes,
/// topic, receipt time and one of these codes, and counted per code; nothing is dropped silently.
///
/// Codes are stable strings: they appear in the quarantine table, in metrics labels and in the
/// API, so integrators can match on them.
public struct QuarantineReason: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// No profile has a topic pattern that matches the topic.
    public static let noProfile = QuarantineReason(rawValue: "no_profile")
    /// The topic names a site other than this gateway's.
    public static let siteMismatch = QuarantineReason(rawValue: "site_mismatch")
    /// The payload is larger than the configured cap (`ingest.max_payload_bytes`).
    public static let oversized = QuarantineReason(rawValue: "oversized")
    /// The payload is not valid UTF-8.
    public static let notUTF8 = QuarantineReason(rawValue: "not_utf8")
    /// The payload is not well-formed JSON (or not the scalar the profile expects).
    public static let malformed = QuarantineReason(rawValue: "malformed")
    /// JSON nested deeper than the cap (`ingest.max_json_depth`).
    public static let tooDeep = QuarantineReason(rawValue: "too_deep")
    /// A mapped field has the wrong JSON type (a string where a number belongs, ...).
    public static let wrongType = QuarantineReason(rawValue: "wrong_type")
    /// A mapped value lies outside the profile's valid range.
    public static let outOfRange = QuarantineReason(rawValue: "out_of_range")
    /// An enumerated vendor value the profile does not map.
    public static let unknownValue = QuarantineReason(rawValue: "unknown_value")
    /// A field the profile requires (device id, event type, ...) is missing.
    public static let missingField = QuarantineReason(rawValue: "missing_field")
    /// The message decoded to nothing: none of the profile's fields were present.
    public static let empty = QuarantineReason(rawValue: "empty")
    /// The device is not in the registry and the site runs in strict mode.
    public static let unknownDevice = QuarantineReason(rawValue: "unknown_device")
    /// The device is registered with a different profile than the one its topic matched.
    public static let profileMismatch = QuarantineReason(rawValue: "profile_mismatch")
    /// The device timestamp is implausible (far in the future or before 2000).
    public static let badTimestamp = QuarantineReason(rawValue: "bad_timestamp")

    /// Every code, in a stable order (metrics are pre-registered for each).
    public static let all: [QuarantineReason] = [
        .noProfile, .siteMismatch, .oversized, .notUTF8, .malformed, .tooDeep, .wrongType,
        .outOfRange, .unknownValue, .missingField, .empty, .unknownDevice, .profileMismatch,
        .badTimestamp,
    ]
}

/// A message that failed decoding: its reason code and a human-readable detail naming the field.
public struct DecodeFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: QuarantineReason
    public var detail: String

    public init(_ reason: QuarantineReason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(reason): \(detail)" }
}
