/// Decodes MQTT messages through the catalog's profiles into canonical `DeviceMessage`s, or says
/// precisely why a message is quarantined.
///
/// One decoder per thread: it owns the scratch state (JSON tape, topic levels, match list) that is
/// reused for every message, so that a native telemetry message allocates only its output (the
/// readings array and, past 15 bytes, the device id; metric names and enumeration texts are
/// shared strings from the compiled profile). Total: every input returns an outcome; nothing
/// traps, nothing loops without bound.
public struct ProfileDecoder {
    let catalog: ProfileCatalog
    /// The gateway's site, or nil to accept any `{site}` (the profile checker).
    let site: String?
    private let siteBytes: [UInt8]
    let limits: DecodeLimits

    var tape = JSONTape()
    /// Byte ranges of the current topic's levels.
    var levels: [Range<Int>] = []
    private var matches: [TopicMatch] = []
    /// What the tape holds for the current message: the payload format it was prepared for, and
    /// the failure if preparing failed.
    private var prepared: (format: TopicSpec.PayloadFormat, failure: DecodeFailure?)?

    init(catalog: ProfileCatalog, site: String?, limits: DecodeLimits) {
        self.catalog = catalog
        self.site = site
        siteBytes = Array((site ?? "").utf8)
        self.limits = limits
        levels.reserveCapacity(16)
        matches.reserveCapacity(8)
    }

    /// Decodes one message. `registeredProfile` answers which profile a device is registered
    /// with (nil if the device is not registered); a registered device is decoded only by that
    /// profile, and a topic that profile does not match is a `profile_mismatch`.
    public mutating func decode(
        topic: String, payload: UnsafeRawBufferPointer, qos: UInt8, retained: Bool, receivedAt: EpochMillis,
        registeredProfile: (String) -> String?
    ) -> DecodeOutcome {
        var topicText = topic
        return topicText.withUTF8 { topicBytes in
            let context = MessageContext(
                topic: topic, topicBytes: UnsafeRawBufferPointer(topicBytes), payload: payload, qos: qos,
                retained: retained, receivedAt: receivedAt)
            return decode(context, registeredProfile: registeredProfile)
        }
    }

    private mutating func decode(_ context: MessageContext, registeredProfile: (String) -> String?) -> DecodeOutcome {
        prepared = nil
        splitLevels(context.topicBytes)
        matches.removeAll(keepingCapacity: true)
        catalog.trie.collect(topic: context.topicBytes, levels: levels, into: &matches)
        guard let first = matches.first.map({ catalog.topics[$0.topic] }) else {
            return .failure(DecodeFailure(.noProfile, "no profile has a topic matching '\(context.topic)'"),
                            deviceId: nil, profileId: nil)
        }
        if site != nil {
            // Swapped out so the filter can read `self` while the array is mutated (no copy).
            var candidates: [TopicMatch] = []
            swap(&candidates, &matches)
            candidates.removeAll { !siteMatches(catalog.topics[$0.topic], context) }
            swap(&candidates, &matches)
            guard !matches.isEmpty else {
                let named = first.siteLevel.map { levelText($0, context) } ?? ""
                return .failure(DecodeFailure(.siteMismatch, "topic site '\(named)' is not this gateway's '\(site ?? "")'"),
                                deviceId: topicDeviceId(first, context), profileId: first.profileId)
            }
        }
        let lead = catalog.topics[matches[0].topic]
        if context.payload.count > limits.maxPayloadBytes {
            return failure(.oversized, "\(context.payload.count) bytes exceed the limit of \(limits.maxPayloadBytes)",
                           lead, context)
        }
        if !UTF8Validation.isValid(context.payload) {
            return failure(.notUTF8, "the payload is not valid UTF-8", lead, context)
        }

        let leadDevice = resolveDeviceId(lead, context)
        if case .success(let deviceId) = leadDevice, let registered = registeredProfile(deviceId) {
            guard let chosen = matches.first(where: { catalog.topics[$0.topic].profileId == registered }) else {
                return .failure(
                    DecodeFailure(.profileMismatch,
                                  "device '\(deviceId)' is registered with profile '\(registered)', which has no topic matching '\(context.topic)'"),
                    deviceId: deviceId, profileId: registered)
            }
            let topic = catalog.topics[chosen.topic]
            return decodeMessage(topic, deviceId: topic === lead ? leadDevice : resolveDeviceId(topic, context), context)
        }

        // Unregistered: the most specific patterns, profiles by id; the first that decodes wins,
        // else the most specific profile's failure is the one reported.
        if matches.count == 1 || matches[1].group != matches[0].group {
            return decodeMessage(lead, deviceId: leadDevice, context)
        }
        var firstFailure: DecodeOutcome?
        for index in matches.indices where matches[index].group == matches[0].group {
            let topic = catalog.topics[matches[index].topic]
            let outcome = decodeMessage(topic, deviceId: index == 0 ? leadDevice : resolveDeviceId(topic, context), context)
            if case .failure = outcome {
                if firstFailure == nil { firstFailure = outcome }
                continue
            }
            return outcome
        }
        return firstFailure ?? decodeMessage(lead, deviceId: leadDevice, context)
    }

    /// Splits the topic at `/`, eight bytes at a time (an exact zero-byte test on the word XOR
    /// `////////` marks every slash, so each is found without a per-byte loop).
    private mutating func splitLevels(_ topic: UnsafeRawBufferPointer) {
        levels.removeAll(keepingCapacity: true)
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var start = 0
        var index = 0
        while index + 8 <= topic.count {
            let word = topic.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ 0x2F2F_2F2F_2F2F_2F2F
            var slashes = ~(((word & low7) &+ low7) | word | low7)
            while slashes != 0 {
                let slash = index + slashes.trailingZeroBitCount >> 3
                levels.append(start..<slash)
                start = slash + 1
                slashes &= slashes &- 1
            }
            index += 8
        }
        while index < topic.count {
            if topic[index] == UInt8(ascii: "/") {
                levels.append(start..<index)
                start = index + 1
            }
            index += 1
        }
        levels.append(start..<topic.count)
    }

    private func siteMatches(_ topic: CompiledTopic, _ context: MessageContext) -> Bool {
        guard let level = topic.siteLevel else { return true }
        return siteBytes.withUnsafeBytes { memcmpEqual($0, levelBytes(level, context)) }
    }

    func levelBytes(_ level: Int, _ context: MessageContext) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: context.topicBytes[levels[level]])
    }

    func levelText(_ level: Int, _ context: MessageContext) -> String {
        String(decoding: levelBytes(level, context), as: UTF8.self)
    }

    func topicDeviceId(_ topic: CompiledTopic, _ context: MessageContext) -> String? {
        topic.deviceLevel.map { levelText($0, context) }
    }

    /// Reads the payload into the tape in `format`, once per message and format.
    mutating func prepare(_ format: TopicSpec.PayloadFormat, _ payload: UnsafeRawBufferPointer) -> DecodeFailure? {
        if let prepared, prepared.format == format { return prepared.failure }
        var failure: DecodeFailure?
        switch format {
        case .json:
            do throws(DecodeFailure) {
                try tape.parse(payload, maxDepth: limits.maxDepth)
            } catch {
                failure = error
            }
        case .scalar:
            let trimmed = Self.trimmed(payload)
            do throws(DecodeFailure) {
                try tape.parse(trimmed, maxDepth: 1)
            } catch {
                tape.setBareString(trimmed)
            }
        case .text:
            tape.setBareString(Self.trimmed(payload))
        }
        prepared = (format, failure)
        return failure
    }

    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    func failure(_ reason: QuarantineReason, _ detail: String, _ topic: CompiledTopic, _ context: MessageContext)
        -> DecodeOutcome
    {
        .failure(DecodeFailure(reason, detail), deviceId: topicDeviceId(topic, context), profileId: topic.profileId)
    }
}

/// The message being decoded, with its topic's bytes borrowed for the duration of the call.
struct MessageContext {
    var topic: String
    var topicBytes: UnsafeRawBufferPointer
    var payload: UnsafeRawBufferPointer
    var qos: UInt8
    var retained: Bool
    var receivedAt: EpochMillis
}
