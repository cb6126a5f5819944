extension ProfileDecoder {
    /// Maps every present field to a reading (and its edge event); the first field that fails
    /// fails the whole message, so no half-understood message reaches the rules.
    func readFields(_ spec: CompiledTopic, _ context: MessageContext, into message: inout DecodedParts)
        throws(DecodeFailure)
    {
        guard !spec.fields.isEmpty else { return }
        message.readings.reserveCapacity(spec.fields.count)
        var parent: Int?
        for field in spec.fields {
            let located: Int?
            if let parentPath = field.parent {
                if !field.sameParentAsPrevious { parent = tape.find(parentPath) }
                located = parent.flatMap { tape.kind($0) == .object ? tape.member(of: $0, key: field.leafKey) : nil }
            } else {
                located = locate(field, keyLevel: spec.keyLevel, context)
            }
            guard let token = located, tape.kind(token) != .null else { continue }
            let (value, event) = try convert(field, token)
            message.readings.append(Reading(field.metric, value))
            if let event { message.events.append(event) }
        }
    }

    private func locate(_ field: CompiledField, keyLevel: Int?, _ context: MessageContext) -> Int? {
        if let path = field.path { return tape.find(path) }
        guard let key = field.key, let keyLevel else { return nil }
        return key.withUnsafeBytes { memcmpEqual($0, levelBytes(keyLevel, context)) } ? tape.root : nil
    }

    private func convert(_ field: CompiledField, _ token: Int) throws(DecodeFailure) -> (MetricValue, DeviceEvent?) {
        let name = field.name
        let kind = tape.kind(token)
        switch field.type {
        case .number, .integer:
            let raw: Double?
            if kind == .number || (kind == .string && field.lenient) {
                raw = numericValue(token)
            } else {
                raw = nil
            }
            guard let raw, raw.isFinite else {
                throw DecodeFailure(.wrongType, "'\(name)' = \(describe(token)) is not a \(field.type.rawValue)")
            }
            if field.type == .integer, raw.rounded() != raw {
                throw DecodeFailure(.wrongType, "'\(name)' = \(describe(token)) is not a whole number")
            }
            let value = raw * field.scale + field.offset
            if let range = field.range, !range.contains(value) {
                throw DecodeFailure(
                    .outOfRange,
                    "'\(name)' = \(describe(token)) is outside \(MetricValue.number(range.lowerBound))...\(MetricValue.number(range.upperBound))")
            }
            return (.number(value), nil)
        case .bool:
            if let index = field.matcher.firstIndex(matching: tape, token) {
                let value = field.values[index]
                return (value, value.bool == true ? field.eventWhenTrue : field.eventWhenFalse)
            }
            if let value = tape.bool(token) {
                return (.bool(value), value ? field.eventWhenTrue : field.eventWhenFalse)
            }
            if !field.matcher.isEmpty, kind == .string || kind == .number {
                throw DecodeFailure(.unknownValue, "'\(name)' = \(describe(token)) is not one of the listed true/false values")
            }
            throw DecodeFailure(.wrongType, "'\(name)' = \(describe(token)) is not a bool")
        case .enum:
            guard kind == .string || kind == .number || kind == .bool else {
                throw DecodeFailure(.wrongType, "'\(name)' = \(describe(token)) is not a single value")
            }
            guard let index = field.matcher.firstIndex(matching: tape, token) else {
                throw DecodeFailure(.unknownValue, "'\(name)' = \(describe(token)) is not a listed value")
            }
            return (field.values[index], field.events[index])
        case .text:
            guard kind == .string else {
                throw DecodeFailure(.wrongType, "'\(name)' = \(describe(token)) is not a text")
            }
            return (.text(tape.string(token)), nil)
        }
    }

    /// Reads an event message's type and data. Returns false when the vendor's event type is
    /// listed under `ignore`.
    func readEvent(_ spec: CompiledTopic, _ context: MessageContext, into message: inout DecodedParts)
        throws(DecodeFailure) -> Bool
    {
        guard let event = spec.event else { return true }
        var type: String?
        var vendorText: String
        switch event.source {
        case .path(let path):
            guard let token = tape.find(path), tape.kind(token) != .null else {
                throw DecodeFailure(.missingField, "event type '\(path)' is missing")
            }
            guard tape.kind(token) == .string || tape.kind(token) == .number else {
                throw DecodeFailure(.wrongType, "event type '\(path)' = \(describe(token)) is not a text")
            }
            type = spec.eventMatcher.firstIndex(matching: tape, token).map { spec.eventTypes[$0] }
            vendorText = tape.kind(token) == .string ? tape.string(token) : describe(token)
        case .placeholder:
            guard let level = spec.eventLevel else { return true }
            let bytes = levelBytes(level, context)
            type = spec.eventMatcher.firstIndex(of: bytes).map { spec.eventTypes[$0] }
            vendorText = levelText(level, context)
        }
        guard let type else {
            if spec.ignore.contains(vendorText) { return false }
            throw DecodeFailure(.unknownValue, "event type '\(vendorText)' is not listed in the profile")
        }
        var data: [Reading] = []
        if let dataPath = event.dataPath, let object = tape.find(dataPath), tape.kind(object) == .object {
            for key in tape.members(of: object) {
                let value = key + 1
                switch tape.kind(value) {
                case .number: if let number = tape.number(value), number.isFinite { data.append(Reading(tape.string(key), .number(number))) }
                case .bool: data.append(Reading(tape.string(key), .bool(tape[value].flag)))
                case .string: data.append(Reading(tape.string(key), .text(tape.string(value))))
                case .object, .array, .null: continue
                }
            }
        }
        message.events.append(DeviceEvent(type: type, data: data))
        return true
    }

    /// A message that mapped nothing is ignored rather than `empty` when the profile ignores its
    /// scalar key, or one of its top-level keys or the keys of a top-level object.
    func isIgnored(_ spec: CompiledTopic, _ context: MessageContext) -> Bool {
        let ignored = spec.ignoreBytes
        guard !ignored.isEmpty else { return false }
        if let keyLevel = spec.keyLevel {
            let key = levelBytes(keyLevel, context)
            return ignored.contains { $0.withUnsafeBytes { memcmpEqual($0, key) } }
        }
        guard let root = tape.root, tape.kind(root) == .object else { return false }
        for key in tape.members(of: root) {
            if ignored.contains(where: { tape.stringEquals(key, $0) }) { return true }
            guard tape.kind(key + 1) == .object else { continue }
            for inner in tape.members(of: key + 1) where ignored.contains(where: { tape.stringEquals(inner, $0) }) {
                return true
            }
        }
        return false
    }
}
