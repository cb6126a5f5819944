extension ProfileDecoder {
    /// The device id for a message matched by `ref`: from the payload when the topic says
    /// `device: { path }`, else from the `{deviceId}` level.
    mutating func resolveDeviceId(_ ref: TopicTrie.Ref, _ context: MessageContext) -> Result<String, DecodeFailure> {
        let spec = topicSpec(ref)
        guard let path = spec.devicePath else {
            guard let level = spec.pattern.deviceLevel, !levels[level].isEmpty else {
                return .failure(DecodeFailure(.missingField, "the topic's device level is empty"))
            }
            return .success(levelText(level, context))
        }
        if let failure = prepare(spec.payload, context.payload) { return .failure(failure) }
        guard let token = tape.find(path), tape.kind(token) != .null else {
            return .failure(DecodeFailure(.missingField, "device id '\(path)' is missing"))
        }
        switch tape.kind(token) {
        case .string where tape.tokens[token].length > 0: return .success(tape.string(token))
        case .number: return .success(String(decoding: tape.rawBytes(token), as: UTF8.self))
        default: return .failure(DecodeFailure(.wrongType, "device id '\(path)' = \(describe(token)) is not a text"))
        }
    }

    /// Decodes the message with one profile topic.
    mutating func decodeMessage(_ ref: TopicTrie.Ref, _ context: MessageContext) -> DecodeOutcome {
        let profile = catalog.profiles[ref.profile]
        let spec = profile.topics[ref.topic]
        let deviceId: String
        switch resolveDeviceId(ref, context) {
        case .success(let id): deviceId = id
        case .failure(let failure):
            return .failure(failure, deviceId: topicDeviceId(spec, context), profileId: profile.id)
        }
        func fail(_ failure: DecodeFailure) -> DecodeOutcome {
            .failure(failure, deviceId: deviceId, profileId: profile.id)
        }
        if let failure = prepare(spec.payload, context.payload) { return fail(failure) }

        var message = DeviceMessage(
            deviceId: deviceId, profileId: profile.id, kind: profile.kind, role: spec.role, topic: context.topic,
            sourceTs: context.receivedAt, stampedByGateway: true, seq: nil, receivedAt: context.receivedAt,
            retained: context.retained, qos: context.qos)
        do throws(DecodeFailure) {
            try readTimestamp(spec, into: &message)
            try readSequence(spec, into: &message)
            switch spec.role {
            case .availability:
                message.online = try readAvailability(spec)
            case .event:
                guard try readEvent(spec, profile: ref.profile, context, into: &message) else {
                    return .ignored(profileId: profile.id, deviceId: deviceId)
                }
                try readFields(spec, context, into: &message)
            case .telemetry, .state, .meter:
                try readFields(spec, context, into: &message)
                if message.readings.isEmpty && message.events.isEmpty {
                    if isIgnored(spec, profile: ref.profile, context) {
                        return .ignored(profileId: profile.id, deviceId: deviceId)
                    }
                    let names = spec.fields.map(\.sourceDescription).joined(separator: ", ")
                    return fail(DecodeFailure(.empty, "none of the profile's fields (\(names)) is present"))
                }
            }
        } catch {
            return fail(error)
        }
        return .message(message)
    }

    /// The device timestamp, or receipt time (marked) when the profile or payload has none.
    private func readTimestamp(_ spec: TopicSpec, into message: inout DeviceMessage) throws(DecodeFailure) {
        guard let timestamp = spec.timestamp, let token = tape.find(timestamp.path), tape.kind(token) != .null else {
            return
        }
        let name = timestamp.path.description
        let value: EpochMillis?
        switch (timestamp.unit, tape.kind(token)) {
        case (.ms, .number), (.ms, .string):
            value = numericValue(token).map { EpochMillis(exactly: $0.rounded()) } ?? nil
        case (.s, .number), (.s, .string):
            value = numericValue(token).map { EpochMillis(exactly: ($0 * 1000).rounded()) } ?? nil
        case (.iso8601, .string):
            value = tape.tokens[token].flag
                ? tape.unescapedBytes(token).withUnsafeBytes { ISO8601Timestamp.parse($0) }
                : ISO8601Timestamp.parse(tape.rawBytes(token))
        default:
            throw DecodeFailure(.wrongType, "timestamp '\(name)' = \(describe(token)) is not a \(timestamp.unit.rawValue) time")
        }
        guard let value else {
            throw DecodeFailure(.badTimestamp, "timestamp '\(name)' = \(describe(token)) is not a \(timestamp.unit.rawValue) time")
        }
        guard value >= Self.earliestTimestamp, value <= message.receivedAt + Self.maxClockLead else {
            throw DecodeFailure(.badTimestamp, "timestamp '\(name)' = \(describe(token)) is before 2000 or more than 24 h ahead")
        }
        message.sourceTs = value
        message.stampedByGateway = false
    }

    /// 2000-01-01T00:00:00Z: earlier device times are unset clocks.
    static var earliestTimestamp: EpochMillis { 946_684_800_000 }
    /// How far ahead of receipt a device clock may run before its times are rejected.
    static var maxClockLead: EpochMillis { 86_400_000 }

    private func readSequence(_ spec: TopicSpec, into message: inout DeviceMessage) throws(DecodeFailure) {
        guard let path = spec.sequencePath, let token = tape.find(path), tape.kind(token) != .null else { return }
        switch tape.kind(token) {
        case .number:
            message.seq = tape.int64(token)
        case .string:
            message.seq = tape.tokens[token].flag ? nil : JSONNumber.int64(tape.rawBytes(token))
        default:
            message.seq = nil
        }
        if message.seq == nil {
            throw DecodeFailure(.wrongType, "sequence '\(path)' = \(describe(token)) is not a whole number")
        }
    }

    private func readAvailability(_ spec: TopicSpec) throws(DecodeFailure) -> Bool {
        guard let availability = spec.availability else { return true }
        let name = availability.path?.description ?? "payload"
        guard let token = availability.path.map({ tape.find($0) }) ?? tape.root, tape.kind(token) != .null else {
            throw DecodeFailure(.missingField, "availability '\(name)' is missing")
        }
        if availability.online.contains(where: { $0.matches(tape, token) }) { return true }
        if availability.offline.contains(where: { $0.matches(tape, token) }) { return false }
        throw DecodeFailure(.unknownValue, "availability '\(name)' = \(describe(token)) is neither online nor offline")
    }

    /// A number, or a numeric string without escapes.
    func numericValue(_ token: Int) -> Double? {
        switch tape.kind(token) {
        case .number: tape.number(token)
        case .string where !tape.tokens[token].flag: JSONNumber.double(tape.rawBytes(token))
        default: nil
        }
    }

    /// A short rendering of a value for failure details (long texts are cut).
    func describe(_ token: Int) -> String {
        switch tape.kind(token) {
        case .object: return "an object"
        case .array: return "an array"
        case .null: return "null"
        case .string:
            let text = tape.string(token)
            return "'" + (text.count > 64 ? String(text.prefix(64)) + "…" : text) + "'"
        case .number, .bool:
            return String(decoding: tape.rawBytes(token), as: UTF8.self)
        }
    }
}
