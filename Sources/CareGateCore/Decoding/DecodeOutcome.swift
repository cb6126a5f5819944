/// What decoding one MQTT message produced.
public enum DecodeOutcome: Sendable {
    /// Canonical readings, events or availability, ready for the pipeline.
    case message(DeviceMessage)
    /// The profile lists the message's key or event type under `ignore`: counted, not stored.
    case ignored(profileId: String, deviceId: String?)
    /// The message is quarantined; the device and profile are given when they could be determined.
    case failure(DecodeFailure, deviceId: String?, profileId: String?)
}
