extension ProfileLoader {
    static let topicKeys = [
        "topic", "role", "payload", "device", "timestamp", "sequence", "fields", "key_from", "event", "path", "online",
        "offline",
    ]

    func topic(from value: YAMLValue) -> TopicSpec? {
        guard let map = value.map(knownKeys: Self.topicKeys) else { return nil }
        var pattern: TopicPattern?
        if let text = map.string("topic", required: true) {
            switch TopicPattern.parse(text) {
            case .success(let parsed): pattern = parsed
            case .failure(let error): map.report("topic '\(text)': \(error.message)", at: "topic")
            }
        }
        let role = enumValue(map, "role", MessageRole.self, required: true)
        let payload = enumValue(map, "payload", TopicSpec.PayloadFormat.self) ?? .json
        let isJSON = payload == .json
        func jsonOnly(_ key: String) -> Bool {
            guard map.has(key) else { return false }
            if !isJSON { map.report("'\(key)' needs 'payload: json'", at: key) }
            return isJSON
        }

        let devicePath = jsonOnly("device") ? pathMap(map, "device") : nil
        if let pattern, devicePath == nil, !map.has("device"), pattern.levelIndex(of: "deviceId") == nil {
            map.report("the topic names no device: add a '{deviceId}' level or 'device: { path: ... }'", at: "topic")
        }
        var timestamp: TimestampSpec?
        if jsonOnly("timestamp"), let spec = map.map("timestamp", knownKeys: ["path", "unit"]) {
            let path = spec.value("path", required: true).flatMap(jsonPath)
            let unit = enumValue(spec, "unit", TimestampSpec.Unit.self) ?? .ms
            timestamp = path.map { TimestampSpec(path: $0, unit: unit) }
        }
        let sequence = jsonOnly("sequence") ? pathMap(map, "sequence") : nil

        let keyFrom = map.string("key_from")
        if let keyFrom, let pattern, pattern.levelIndex(of: keyFrom) == nil {
            map.report("key_from '\(keyFrom)' is not a placeholder of the topic", at: "key_from")
        }
        if keyFrom != nil, payload == .json { map.report("'key_from' is for scalar or text payloads", at: "key_from") }

        let fields = map.list("fields").map { list in
            list.compactMap { field(from: $0, payload: payload, keyFrom: keyFrom) }
        } ?? []

        var event: EventSpec?
        if map.has("event") {
            if role != .event { map.report("'event' belongs only on a topic with 'role: event'", at: "event") }
            event = map.value("event").flatMap { eventSpec(from: $0, pattern: pattern, isJSON: isJSON) }
        } else if role == .event {
            map.report("a topic with 'role: event' needs 'event:' (where the event type is)", at: "role")
        }

        var availability: AvailabilitySpec?
        let hasAvailabilityKeys = map.has("online") || map.has("offline") || map.has("path")
        if role == .availability {
            availability = availabilitySpec(map, isJSON: isJSON)
            if !fields.isEmpty { map.report("an availability topic has no 'fields'", at: "fields") }
        } else if hasAvailabilityKeys {
            let key = ["online", "offline", "path"].first(where: map.has) ?? "online"
            map.report("'\(key)' belongs only on a topic with 'role: availability'", at: key)
        }
        if let role, [.telemetry, .state, .meter].contains(role), fields.isEmpty, !map.has("fields") {
            map.report("a \(role.rawValue) topic needs 'fields'", at: "role")
        }

        guard let pattern, let role else { return nil }
        return TopicSpec(
            pattern: pattern, role: role, payload: payload, devicePath: devicePath, timestamp: timestamp,
            sequencePath: sequence, fields: fields, keyFrom: keyFrom, event: event, availability: availability)
    }

    private func eventSpec(from value: YAMLValue, pattern: TopicPattern?, isJSON: Bool) -> EventSpec? {
        guard let map = value.map(knownKeys: ["path", "from", "values", "map", "data"]) else { return nil }
        var source: EventSpec.TypeSource?
        switch (map.string("path"), map.string("from")) {
        case (.some, nil):
            if !isJSON { map.report("'event.path' needs 'payload: json'; use 'from' for a topic level", at: "path") }
            source = map.value("path").flatMap(jsonPath).map { .path($0) }
        case (nil, let placeholder?):
            if let pattern, pattern.levelIndex(of: placeholder) == nil {
                map.report("'\(placeholder)' is not a placeholder of the topic", at: "from")
            }
            source = .placeholder(placeholder)
        case (.some, .some):
            map.report("give either 'path' or 'from', not both", at: "from")
        case (nil, nil):
            map.value.report("event needs 'path' (in the payload) or 'from' (a topic placeholder)")
        }
        let mappings = vendorMapping(map, what: "event")
        let data = map.has("data") && isJSON ? map.value("data").flatMap(jsonPath) : nil
        guard let source, let mappings else { return nil }
        return EventSpec(source: source, mappings: mappings.reduce(into: [:]) { $0[$1.vendor] = $1.canonical },
                         dataPath: data)
    }

    private func availabilitySpec(_ map: YAMLMap, isJSON: Bool) -> AvailabilitySpec? {
        let path = map.has("path") ? (isJSON ? map.value("path").flatMap(jsonPath) : nil) : nil
        if map.has("path"), !isJSON { map.report("'path' needs 'payload: json'", at: "path") }
        if isJSON, !map.has("path") { map.report("a JSON availability topic needs 'path' (where the state is)", at: "payload") }
        let online = map.stringList("online", required: true)
        let offline = map.stringList("offline", required: true)
        guard let online, let offline else { return nil }
        return AvailabilitySpec(path: path, online: online.map(VendorValue.init), offline: offline.map(VendorValue.init))
    }

    /// `{ path: a.b }` → the compiled path.
    private func pathMap(_ map: YAMLMap, _ key: String) -> JSONPath? {
        map.map(key, knownKeys: ["path"])?.value("path", required: true).flatMap(jsonPath)
    }

    func jsonPath(_ value: YAMLValue) -> JSONPath? {
        guard let text = value.string() else { return nil }
        guard let path = JSONPath(text) else {
            value.report("path '\(text)' has an empty component (use 'a.b.0.c', '*' for any key)")
            return nil
        }
        return path
    }

    /// `values: [a, b]` (identity) or `map: { vendor: canonical }`, as (vendor, canonical) pairs.
    func vendorMapping(_ map: YAMLMap, what: String) -> [(vendor: VendorValue, canonical: String, line: Int)]? {
        switch (map.value("values"), map.value("map")) {
        case (let values?, nil):
            guard let items = values.list() else { return nil }
            return items.compactMap { item in item.string().map { (VendorValue($0), $0, item.line) } }
        case (nil, let mapping?):
            guard let entries = mapping.entries() else { return nil }
            return entries.compactMap { entry in
                entry.value.string().map { (VendorValue(entry.key), $0, entry.keyLine) }
            }
        case (.some, .some):
            map.report("give either 'values' or 'map', not both", at: "map")
            return nil
        case (nil, nil):
            map.value.report("\(what) needs 'values: [...]' or 'map: { vendor: canonical }'")
            return nil
        }
    }

    /// A key whose value must be one of an enumeration's raw values; suggests the closest.
    func enumValue<E: RawRepresentable & CaseIterable>(
        _ map: YAMLMap, _ key: String, _ type: E.Type, required: Bool = false
    ) -> E? where E.RawValue == String {
        guard let text = map.string(key, required: required) else { return nil }
        if let value = E(rawValue: text) { return value }
        let allowed = E.allCases.map(\.rawValue)
        map.report("\(key) '\(text)' is not one of \(allowed.joined(separator: ", "))", at: key)
        return nil
    }
}
