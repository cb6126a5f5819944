extension ProfileLoader {
    static let fieldKeys = [
        "path", "key", "metric", "type", "values", "map", "events", "range", "scale", "offset", "convert", "lenient",
        "true", "false",
    ]

    func field(from value: YAMLValue, payload: TopicSpec.PayloadFormat, keyFrom: String?) -> FieldSpec? {
        guard let map = value.map(knownKeys: Self.fieldKeys) else { return nil }
        let source = fieldSource(map, payload: payload, keyFrom: keyFrom)
        let metric = map.string("metric", required: true)
        if let metric, !Self.isIdentifier(metric, allowing: "_") {
            map.report("metric '\(metric)' must be lowercase letters, digits or '_'", at: "metric")
        }
        let type = enumValue(map, "type", FieldSpec.ValueType.self, required: true)
        guard let type else { return nil }
        let numeric = type == .number || type == .integer
        for key in ["range", "scale", "offset", "convert", "lenient"] where map.has(key) && !numeric {
            map.report("'\(key)' applies only to number and integer fields", at: key)
        }
        for key in ["values", "map"] where map.has(key) && type != .enum {
            map.report("'\(key)' applies only to enum fields", at: key)
        }
        for key in ["true", "false"] where map.has(key) && type != .bool {
            map.report("'\(key)' applies only to bool fields", at: key)
        }
        if map.has("events") && type != .enum && type != .bool {
            map.report("'events' applies only to enum and bool fields", at: "events")
        }
        // Read the rest even when the source or metric is broken, so every issue is reported.
        var spec = FieldSpec(source: source ?? .path(JSONPath("")!), metric: metric ?? "", type: type)
        switch type {
        case .number, .integer:
            spec.lenient = map.bool("lenient") ?? false
            (spec.scale, spec.offset) = conversion(map)
            spec.range = range(map)
        case .enum:
            guard let pairs = vendorMapping(map, what: "an enum field") else { return nil }
            let events = edgeEvents(map, metric: spec.metric, allowed: Set(pairs.map(\.vendor.text)))
            spec.mappings = pairs.map { pair in
                ValueMapping(vendor: pair.vendor, value: .text(pair.canonical), event: events[pair.vendor.text])
            }
        case .bool:
            let trueValues = map.stringList("true") ?? []
            let falseValues = map.stringList("false") ?? []
            spec.mappings = trueValues.map { ValueMapping(vendor: VendorValue($0), value: .bool(true), event: nil) }
                + falseValues.map { ValueMapping(vendor: VendorValue($0), value: .bool(false), event: nil) }
            let events = edgeEvents(map, metric: spec.metric, allowed: ["true", "false"])
            spec.eventWhenTrue = events["true"]
            spec.eventWhenFalse = events["false"]
        case .text:
            break
        }
        return source != nil && metric != nil ? spec : nil
    }

    private func fieldSource(_ map: YAMLMap, payload: TopicSpec.PayloadFormat, keyFrom: String?) -> FieldSpec.Source? {
        switch (map.has("path"), map.has("key")) {
        case (true, false):
            guard payload == .json else {
                map.report("'path' needs 'payload: json'; scalar fields use 'key' (or neither)", at: "path")
                return nil
            }
            return map.value("path").flatMap(jsonPath).map { .path($0) }
        case (false, true):
            guard payload != .json, keyFrom != nil else {
                map.report("'key' needs a scalar payload and 'key_from' on the topic", at: "key")
                return nil
            }
            return map.string("key").map { .key($0) }
        case (true, true):
            map.report("give either 'path' or 'key', not both", at: "key")
            return nil
        case (false, false):
            if payload == .json {
                map.value.report("a field needs 'path' (where the value is in the JSON payload)")
                return nil
            }
            if keyFrom != nil {
                map.value.report("a field needs 'key' (the value of the '{\(keyFrom ?? "")}' level it reads)")
                return nil
            }
            return .path(JSONPath("")!)
        }
    }

    /// `events: { vendor value: event type }` for an enum field, `{ true: ..., false: ... }` for a bool.
    private func edgeEvents(_ map: YAMLMap, metric: String, allowed: Set<String>) -> [String: DeviceEvent] {
        guard let entries = map.value("events")?.entries() else { return [:] }
        var events: [String: DeviceEvent] = [:]
        for entry in entries {
            guard let type = entry.value.string() else { continue }
            guard allowed.contains(entry.key) else {
                map.value.document.report(
                    "events: '\(entry.key)' is not one of the field's values (\(allowed.sorted().joined(separator: ", ")))",
                    line: entry.keyLine)
                continue
            }
            events[entry.key] = DeviceEvent(type: type, derivedFrom: metric)
        }
        return events
    }

    /// Named conversions, each exactly a scale and an offset.
    static let conversions: [String: (scale: Double, offset: Double)] = [
        "fahrenheit_to_celsius": (5.0 / 9.0, -160.0 / 9.0),
        "kelvin_to_celsius": (1, -273.15),
        "cm_to_m": (0.01, 0),
        "mm_to_m": (0.001, 0),
        "km_to_m": (1000, 0),
        "km_h_to_m_s": (1 / 3.6, 0),
        "mv_to_v": (0.001, 0),
        "ms_to_s": (0.001, 0),
    ]

    private func conversion(_ map: YAMLMap) -> (Double, Double) {
        if let name = map.string("convert") {
            if map.has("scale") || map.has("offset") {
                map.report("give either 'convert' or 'scale'/'offset', not both", at: "convert")
            }
            guard let known = Self.conversions[name] else {
                let names = Self.conversions.keys.sorted().joined(separator: ", ")
                map.report("convert '\(name)' is not one of \(names)", at: "convert")
                return (1, 0)
            }
            return known
        }
        return (map.double("scale") ?? 1, map.double("offset") ?? 0)
    }

    private func range(_ map: YAMLMap) -> ClosedRange<Double>? {
        guard let items = map.list("range") else { return nil }
        let bounds = items.compactMap { $0.double() }
        guard items.count == 2, bounds.count == 2 else {
            if bounds.count == items.count { map.report("range needs two numbers: [min, max]", at: "range") }
            return nil
        }
        guard bounds[0] <= bounds[1] else {
            map.report(
                "range [\(MetricValue.number(bounds[0])), \(MetricValue.number(bounds[1]))] has its minimum above its maximum",
                at: "range")
            return nil
        }
        return bounds[0]...bounds[1]
    }
}
