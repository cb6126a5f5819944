extension ProfileDecoder {
    /// The device id for a message matched by `ref`: from the payload when the topic says
    /// `device: { path }`, else from the `{deviceId}` level.
    mutating func resolveDeviceId(_ spec: CompiledTopic, _ context: MessageContext) -> Result<String, DecodeFailure> {
        guard let path = spec.devicePath else {
            guard let level = spec.deviceLevel, !levels[level].isEmpty else {
                return .failure(DecodeFailure(.missingField, "the topic's device level is empty"))
            }
            return .success(levelText(level, context))
        }
        if let failure = prepare(spec.payload, context.payload) { return .failure(failure) }
        guard let token = tape.find(path), tape.kind(token) != .null else {
            return .failure(DecodeFailure(.missingField, "device id '\(path)' is missing"))
        }
        switch tape.kind(token) {
        case .string where tape[token].length > 0: return .success(tape.string(token))
        case .number: return .success(String(decoding: tape.rawBytes(token), as: UTF8.self))
        default: return .failure(DecodeFailure(.wrongType, "device id '\(path)' = \(describe(token)) is not a text"))
        }
    }

    /// Decodes the message with one profile topic, given the device id resolved for it.
    mutating func decodeMessage(
        _ spec: CompiledTopic, deviceId resolved: Result<String, DecodeFailure>, _ context: MessageContext
    ) -> DecodeOutcome {
        let deviceId: String
        switch resolved {
        case .success(let id): deviceId = id
        case .failure(let failure):
            return .failure(failure, deviceId: topicDeviceId(spec, context), profileId: spec.profileId)
        }
        if let failure = prepare(spec.payload, context.payload) {
            return .failure(failure, deviceId: deviceId, profileId: spec.profileId)
        }
        // Parts are gathered in a small struct and the (large) message is built once at the end,
        // which keeps it from being copied through every reader.
        var parts = DecodedParts()
        do throws(DecodeFailure) {
            parts.sourceTs = try readTimestamp(spec, receivedAt: context.receivedAt)
            parts.seq = try readSequence(spec)
            switch spec.role {
            case .availability:
                parts.online = try readAvailability(spec)
            case .event:
                guard try readEvent(spec, context, into: &parts) else {
                    return .ignored(profileId: spec.profileId, deviceId: deviceId)
                }
                try readFields(spec, context, into: &parts)
            case .telemetry, .state, .meter:
                try readFields(spec, context, into: &parts)
                if parts.readings.isEmpty && parts.events.isEmpty {
                    if isIgnored(spec, context) { return .ignored(profileId: spec.profileId, deviceId: deviceId) }
                    throw DecodeFailure(.empty, "none of the profile's fields (\(spec.fieldNames)) is present")
                }
            }
        } catch {
            return .failure(error, deviceId: deviceId, profileId: spec.profileId)
        }
        return .message(DeviceMessage(
            deviceId: deviceId, profileId: spec.profileId, kind: spec.kind, role: spec.role, topic: context.topic,
            sourceTs: parts.sourceTs ?? context.receivedAt, stampedByGateway: parts.sourceTs == nil, seq: parts.seq,
            receivedAt: context.receivedAt, retained: context.retained, qos: context.qos, readings: parts.readings,
            events: parts.events, online: parts.online))
    }

    /// The device timestamp, or receipt time (marked) when the profile or payload has none.
    private func readTimestamp(_ spec: CompiledTopic, receivedAt: EpochMillis) throws(DecodeFailure) -> EpochMillis? {
        guard let timestamp = spec.timestamp, let token = tape.find(timestamp.path), tape.kind(token) != .null else {
            return nil
        }
        let name = timestamp.path.description
        let value: EpochMillis?
        switch (timestamp.unit, tape.kind(token)) {
        case (.ms, .number), (.ms, .string):
            value = numericValue(token).map { EpochMillis(exactly: $0.rounded()) } ?? nil
        case (.s, .number), (.s, .string):
            value = numericValue(token).map { EpochMillis(exactly: ($0 * 1000).rounded()) } ?? nil
        case (.iso8601, .string):
            value = tape[token].flag
                ? tape.unescapedBytes(token).withUnsafeBytes { ISO8601Timestamp.parse($0) }
                : ISO8601Timestamp.parse(tape.rawBytes(token))
        default:
            throw DecodeFailure(.wrongType, "timestamp '\(name)' = \(describe(token)) is not a \(timestamp.unit.rawValue) time")
        }
        guard let value else {
            throw DecodeFailure(.badTimestamp, "timestamp '\(name)' = \(describe(token)) is not a \(timestamp.unit.rawValue) time")
        }
        guard value >= Self.earliestTimestamp, value <= receivedAt + Self.maxClockLead else {
            throw DecodeFailure(.badTimestamp, "timestamp '\(name)' = \(describe(token)) is before 2000 or more than 24 h ahead")
        }
        return value
    }

    /// 2000-01-01T00:00:00Z: earlier device times are unset clocks.
    static var earliestTimestamp: EpochMillis { 946_684_800_000 }
    /// How far ahead of receipt a device clock may run before its times are rejected.
    static var maxClockLead: EpochMillis { 86_400_000 }

    private func readSequence(_ spec: CompiledTopic) throws(DecodeFailure) -> Int64? {
        guard let path = spec.sequencePath, let token = tape.find(path), tape.kind(token) != .null else { return nil }
        let seq: Int64?
        switch tape.kind(token) {
        case .number: seq = tape.int64(token)
        case .string: seq = tape[token].flag ? nil : JSONNumber.int64(tape.rawBytes(token))
        default: seq = nil
        }
        guard let seq else {
            throw DecodeFailure(.wrongType, "sequence '\(path)' = \(describe(token)) is not a whole number")
        }
        return seq
    }

    private func readAvailability(_ spec: CompiledTopic) throws(DecodeFailure) -> Bool {
        guard let availability = spec.availability else { return true }
        let name = availability.path?.description ?? "payload"
        guard let token = availability.path.map({ tape.find($0) }) ?? tape.root, tape.kind(token) != .null else {
            throw DecodeFailure(.missingField, "availability '\(name)' is missing")
        }
        if spec.online.firstIndex(matching: tape, token) != nil { return true }
        if spec.offline.firstIndex(matching: tape, token) != nil { return false }
        throw DecodeFailure(.unknownValue, "availability '\(name)' = \(describe(token)) is neither online nor offline")
    }

    /// A number, or a numeric string without escapes.
    func numericValue(_ token: Int) -> Double? {
        switch tape.kind(token) {
        case .number: tape.number(token)
        case .string where !tape[token].flag: JSONNumber.double(tape.rawBytes(token))
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

/// What decoding has gathered so far for one message.
struct DecodedParts {
    var sourceTs: EpochMillis?
    var seq: Int64?
    var online: Bool?
    var readings: [Reading] = []
    var events: [DeviceEvent] = []
}
