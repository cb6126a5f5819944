extension ProfileDecoder {
    /// Maps every present field to a reading (and its edge event); the first field that fails
    /// fails the whole message, so no half-understood message reaches the rules.
    func readFields(_ spec: TopicSpec, _ context: MessageContext, into message: inout DeviceMessage)
        throws(DecodeFailure)
    {
        guard !spec.fields.isEmpty else { return }
        message.readings.reserveCapacity(spec.fields.count)
        let keyLevel = spec.keyFrom.flatMap { spec.pattern.levelIndex(of: $0) }
        for field in spec.fields {
            guard let token = locate(field, keyLevel: keyLevel, context), tape.kind(token) != .null else { continue }
            let (value, event) = try convert(field, token)
            message.readings.append(Reading(field.metric, value))
            if let event { message.events.append(event) }
        }
    }

    private func locate(_ field: FieldSpec, keyLevel: Int?, _ context: MessageContext) -> Int? {
        switch field.source {
        case .path(let path):
            return tape.find(path)
        case .key(let key):
            guard let keyLevel else { return nil }
            var key = key
            let equal = key.withUTF8 { memcmpEqual(UnsafeRawBufferPointer($0), levelBytes(keyLevel, context)) }
            return equal ? tape.root : nil
        }
    }

    private func convert(_ field: FieldSpec, _ token: Int) throws(DecodeFailure) -> (MetricValue, DeviceEvent?) {
        let name = field.sourceDescription
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
            if let mapping = field.mappings.first(where: { $0.vendor.matches(tape, token) }) {
                return (mapping.value, mapping.value.bool == true ? field.eventWhenTrue : field.eventWhenFalse)
            }
            if let value = tape.bool(token) {
                return (.bool(value), value ? field.eventWhenTrue : field.eventWhenFalse)
            }
            if !field.mappings.isEmpty, kind == .string || kind == .number {
                throw DecodeFailure(.unknownValue, "'\(name)' = \(describe(token)) is not one of the listed true/false values")
            }
            throw DecodeFailure(.wrongType, "'\(name)' = \(describe(token)) is not a bool")
        case .enum:
            guard kind == .string || kind == .number || kind == .bool else {
                throw DecodeFailure(.wrongType, "'\(name)' = \(describe(token)) is not a single value")
            }
            guard let mapping = field.mappings.first(where: { $0.vendor.matches(tape, token) }) else {
                throw DecodeFailure(.unknownValue, "'\(name)' = \(describe(token)) is not a listed value")
            }
            return (mapping.value, mapping.event)
        case .text:
            guard kind == .string else {
                throw DecodeFailure(.wrongType, "'\(name)' = \(describe(token)) is not a text")
            }
            return (.text(tape.string(token)), nil)
        }
    }

    /// Reads an event message's type and data. Returns false when the vendor's event type is
    /// listed under `ignore`.
    func readEvent(_ spec: TopicSpec, profile: Int, _ context: MessageContext, into message: inout DeviceMessage)
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
            type = event.mappings.first { $0.key.matches(tape, token) }?.value
            vendorText = tape.kind(token) == .string ? tape.string(token) : describe(token)
        case .placeholder(let name):
            guard let level = spec.pattern.levelIndex(of: name) else { return true }
            let bytes = levelBytes(level, context)
            type = event.mappings.first { vendor, _ in vendor.bytes.withUnsafeBytes { memcmpEqual($0, bytes) } }?.value
            vendorText = levelText(level, context)
        }
        guard let type else {
            if catalog.profiles[profile].ignore.contains(vendorText) { return false }
            throw DecodeFailure(.unknownValue, "event type '\(vendorText)' is not listed in the profile")
        }
        var data: [Reading] = []
        if let dataPath = event.dataPath, let object = tape.find(dataPath), tape.kind(object) == .object {
            for key in tape.members(of: object) {
                let value = key + 1
                switch tape.kind(value) {
                case .number: if let number = tape.number(value), number.isFinite { data.append(Reading(tape.string(key), .number(number))) }
                case .bool: data.append(Reading(tape.string(key), .bool(tape.tokens[value].flag)))
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
    func isIgnored(_ spec: TopicSpec, profile: Int, _ context: MessageContext) -> Bool {
        let ignored = ignoreBytes[profile]
        guard !ignored.isEmpty else { return false }
        if let keyLevel = spec.keyFrom.flatMap({ spec.pattern.levelIndex(of: $0) }) {
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
