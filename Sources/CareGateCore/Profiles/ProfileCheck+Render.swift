extension ProfileCheck {
    /// Readable lines for a decode outcome: the message's fields, readings and events, or the
    /// quarantine reason with its detail.
    public static func render(_ outcome: DecodeOutcome, topic: String) -> [String] {
        var lines = ["topic       \(topic)"]
        switch outcome {
        case .message(let message):
            lines += [
                "profile     \(message.profileId)",
                "device      \(message.deviceId)",
                "role        \(message.role.rawValue)",
                "time        \(message.sourceTs) (\(ISO8601Timestamp.format(message.sourceTs)), "
                    + (message.stampedByGateway ? "receipt time: the payload has none)" : "from the payload)"),
                "seq         " + (message.seq.map(String.init) ?? "none"),
            ]
            if let online = message.online { lines.append("online      \(online)") }
            if !message.readings.isEmpty {
                lines.append("readings")
                lines += message.readings.map { "  \($0.metric) = \($0.value)" }
            }
            if !message.events.isEmpty {
                lines.append("events")
                for event in message.events {
                    lines.append("  \(event.type)" + (event.derivedFrom.map { " (derived from \($0))" } ?? ""))
                    lines += event.data.map { "    \($0.metric) = \($0.value)" }
                }
            }
        case .ignored(let profileId, let deviceId):
            lines += [
                "profile     \(profileId)",
                "device      \(deviceId ?? "unknown")",
                "ignored     the profile lists this key or event under 'ignore' (counted, not stored)",
            ]
        case .failure(let failure, let deviceId, let profileId):
            lines += [
                "quarantined \(failure.reason): \(failure.detail)",
                "profile     \(profileId ?? "none")",
                "device      \(deviceId ?? "unknown")",
            ]
        }
        return lines
    }
}
