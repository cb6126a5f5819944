/// The decoder's view of one profile topic: everything decoding a message needs, flattened into
/// one immutable object.
///
/// Profiles are value types made for reading and checking; on the hot path their copies would
/// cost a retain per string and array they hold, several times per message. A compiled topic is a
/// single reference: the decoder retains one object per message and reads plain `let`s.
final class CompiledTopic: Sendable {
    let profileIndex: Int
    let profileId: String
    let kind: DeviceKind
    let role: MessageRole
    let payload: TopicSpec.PayloadFormat
    let siteLevel: Int?
    let deviceLevel: Int?
    /// Level of the `key_from` placeholder (scalar payloads).
    let keyLevel: Int?
    let devicePath: JSONPath?
    let timestamp: TimestampSpec?
    let sequencePath: JSONPath?
    let fields: [CompiledField]
    let event: EventSpec?
    /// Level of the `event.from` placeholder.
    let eventLevel: Int?
    /// The event's vendor names and, at the same index, their canonical types.
    let eventMatcher: VendorMatcher
    let eventTypes: [String]
    let availability: AvailabilitySpec?
    let online: VendorMatcher
    let offline: VendorMatcher
    /// The profile's `ignore` list, as text and as bytes.
    let ignore: [String]
    let ignoreBytes: [[UInt8]]
    /// "a, b, c": the fields' sources, for the `empty` detail.
    let fieldNames: String

    init(profileIndex: Int, profile: DeviceProfile, spec: TopicSpec) {
        self.profileIndex = profileIndex
        profileId = profile.id
        kind = profile.kind
        role = spec.role
        payload = spec.payload
        siteLevel = spec.pattern.siteLevel
        deviceLevel = spec.pattern.deviceLevel
        keyLevel = spec.keyFrom.flatMap { spec.pattern.levelIndex(of: $0) }
        devicePath = spec.devicePath
        timestamp = spec.timestamp
        sequencePath = spec.sequencePath
        var fields: [CompiledField] = []
        for field in spec.fields {
            fields.append(CompiledField(field, previous: fields.last))
        }
        self.fields = fields
        event = spec.event
        if case .placeholder(let name)? = spec.event?.source {
            eventLevel = spec.pattern.levelIndex(of: name)
        } else {
            eventLevel = nil
        }
        let events = (spec.event?.mappings ?? [:]).sorted { $0.key.text < $1.key.text }
        eventMatcher = VendorMatcher(events.map(\.key))
        eventTypes = events.map(\.value)
        availability = spec.availability
        online = VendorMatcher(spec.availability?.online ?? [])
        offline = VendorMatcher(spec.availability?.offline ?? [])
        ignore = profile.ignore
        ignoreBytes = profile.ignore.map { Array($0.utf8) }
        fieldNames = spec.fields.map(\.sourceDescription).joined(separator: ", ")
    }
}

/// One field of a compiled topic (see `CompiledTopic` for why it is a class).
final class CompiledField: Sendable {
    let path: JSONPath?
    /// The path's parent object and final key (see `JSONPath.parentAndKey`).
    let parent: JSONPath?
    let leafKey: [UInt8]
    /// True when the previous field of the topic reads from the same parent object, whose token
    /// the decoder then reuses.
    let sameParentAsPrevious: Bool
    /// Scalar payloads: the `key` as bytes.
    let key: [UInt8]?
    /// The source as written, for failure details.
    let name: String
    let metric: String
    let type: FieldSpec.ValueType
    let lenient: Bool
    let scale: Double
    let offset: Double
    let range: ClosedRange<Double>?
    /// Enum values or listed true/false values, and at the same index their canonical value and
    /// edge event.
    let matcher: VendorMatcher
    let values: [MetricValue]
    let events: [DeviceEvent?]
    let eventWhenTrue: DeviceEvent?
    let eventWhenFalse: DeviceEvent?

    init(_ spec: FieldSpec, previous: CompiledField?) {
        switch spec.source {
        case .path(let path):
            self.path = path
            key = nil
        case .key(let key):
            path = nil
            self.key = Array(key.utf8)
        }
        let split = path?.parentAndKey
        parent = split?.parent
        leafKey = split?.key ?? []
        sameParentAsPrevious = split != nil && previous?.parent != nil && previous?.parent == split?.parent
        name = spec.sourceDescription
        metric = spec.metric
        type = spec.type
        lenient = spec.lenient
        scale = spec.scale
        offset = spec.offset
        range = spec.range
        matcher = VendorMatcher(spec.mappings.map(\.vendor))
        values = spec.mappings.map(\.value)
        events = spec.mappings.map(\.event)
        eventWhenTrue = spec.eventWhenTrue
        eventWhenFalse = spec.eventWhenFalse
    }
}
