/// One topic of a device profile: the pattern it matches, what the messages on it are, and how
/// their payload maps onto canonical readings, events or availability.
public struct TopicSpec: Sendable {
    /// How the payload is read.
    public enum PayloadFormat: String, Sendable, Hashable, CaseIterable {
        /// A JSON document; fields are found by path.
        case json
        /// The whole payload is one value (number, bool or text); fields are found by key.
        case scalar
        /// The whole payload is one text, taken as written (no number inference).
        case text
    }

    public var pattern: TopicPattern
    public var role: MessageRole
    public var payload: PayloadFormat
    /// Device id from the payload instead of the topic's `{deviceId}`.
    public var devicePath: JSONPath?
    public var timestamp: TimestampSpec?
    public var sequencePath: JSONPath?
    public var fields: [FieldSpec]
    /// Scalar payloads: the placeholder whose captured level names the field (`key`).
    public var keyFrom: String?
    /// Role `event`: how the event type and data are found.
    public var event: EventSpec?
    /// Role `availability`: what the payload says.
    public var availability: AvailabilitySpec?

    public init(
        pattern: TopicPattern, role: MessageRole, payload: PayloadFormat, devicePath: JSONPath? = nil,
        timestamp: TimestampSpec? = nil, sequencePath: JSONPath? = nil, fields: [FieldSpec] = [],
        keyFrom: String? = nil, event: EventSpec? = nil, availability: AvailabilitySpec? = nil
    ) {
        self.pattern = pattern
        self.role = role
        self.payload = payload
        self.devicePath = devicePath
        self.timestamp = timestamp
        self.sequencePath = sequencePath
        self.fields = fields
        self.keyFrom = keyFrom
        self.event = event
        self.availability = availability
    }
}

/// Where a message's device timestamp is and in which unit.
public struct TimestampSpec: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        /// Milliseconds since the epoch.
        case ms
        /// Seconds since the epoch (fractions allowed).
        case s
        /// An ISO 8601 / RFC 3339 text such as `2026-11-22T10:00:00.123+08:00`.
        case iso8601
    }

    public var path: JSONPath
    public var unit: Unit

    public init(path: JSONPath, unit: Unit) {
        self.path = path
        self.unit = unit
    }
}

/// How an event message names its type and carries its data.
public struct EventSpec: Sendable {
    /// Where the vendor's event name is.
    public enum TypeSource: Sendable, Hashable {
        case path(JSONPath)
        /// A topic placeholder, e.g. Alink's `{identifier}`.
        case placeholder(String)
    }

    public var source: TypeSource
    /// Vendor event names mapped to canonical event types (identity for `values:`).
    public var mappings: [VendorValue: String]
    /// An object whose scalar members become the event's data.
    public var dataPath: JSONPath?

    public init(source: TypeSource, mappings: [VendorValue: String], dataPath: JSONPath?) {
        self.source = source
        self.mappings = mappings
        self.dataPath = dataPath
    }

    /// The canonical event types this spec can produce.
    public var types: [String] { Array(mappings.values) }
}

/// How an availability message says online or offline.
public struct AvailabilitySpec: Sendable, Hashable {
    /// JSON payloads: where the state is; nil means the whole payload.
    public var path: JSONPath?
    public var online: [VendorValue]
    public var offline: [VendorValue]

    public init(path: JSONPath?, online: [VendorValue], offline: [VendorValue]) {
        self.path = path
        self.online = online
        self.offline = offline
    }
}
