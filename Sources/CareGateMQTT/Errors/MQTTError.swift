import CMosquitto

/// An error from the MQTT client: a libmosquitto status code, its text, and what was being done.
///
/// Errors cross into the composition root and the daemon's logs, so they carry a code that callers
/// can match (`error.code == .connectionRefused`) and a message that operators can read without the
/// libmosquitto headers at hand.
public struct MQTTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a libmosquitto `MOSQ_ERR_*` value.
    public var code: Code
    /// Human-readable text: `mosquitto_strerror`, a CONNACK reason, or the client's own explanation.
    public var message: String
    /// What the client was doing, e.g. `connect 127.0.0.1:1883` or the offending configuration key.
    public var context: String?

    public init(code: Code, message: String, context: String? = nil) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// Wraps a libmosquitto return code with `mosquitto_strerror`'s text.
    ///
    /// Build it right after the failing call: for `MOSQ_ERR_ERRNO` the text comes from `errno`.
    init(returnCode: Int32, context: String? = nil) {
        self.init(code: Code(rawValue: returnCode), message: LibMosquitto.errorString(returnCode), context: context)
    }

    /// A CONNACK refusal, with the broker's reason in words (`mosquitto_connack_string` for MQTT 3.1.1,
    /// `mosquitto_reason_string` for MQTT 5).
    static func connectionRefused(reason: Int32, version: MQTTProtocolVersion, context: String) -> MQTTError {
        let text = version == .v5 ? LibMosquitto.reasonString(reason) : LibMosquitto.connackString(reason)
        return MQTTError(code: .connectionRefused, message: text, context: "\(context) (reason \(reason))")
    }

    /// A configuration value that cannot work, named by its key.
    static func invalid(_ message: String, key: String) -> MQTTError {
        MQTTError(code: .invalid, message: message, context: key)
    }

    public var description: String {
        guard let context else { return "MQTT error \(code.rawValue): \(message)" }
        return "MQTT error \(code.rawValue) (\(context)): \(message)"
    }
}
