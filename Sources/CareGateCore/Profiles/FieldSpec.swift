/// How one vendor value becomes one canonical reading: where it is, what type it must have, how
/// it converts, which range it must lie in, and which edge events it implies.
public struct FieldSpec: Sendable {
    /// Where the value comes from.
    public enum Source: Sendable, Hashable {
        /// A path into a JSON payload.
        case path(JSONPath)
        /// A scalar payload whose `key_from` placeholder equals this key.
        case key(String)
    }

    /// The vendor value's required type.
    public enum ValueType: String, Sendable, Hashable, CaseIterable {
        /// A JSON number (numeric strings only when `lenient`).
        case number
        /// A whole JSON number.
        case integer
        /// A JSON bool, or one of the listed true/false values.
        case bool
        /// One of the listed vendor values, mapped to canonical text.
        case `enum`
        /// A JSON string carried as text.
        case text
    }

    public var source: Source
    /// The canonical metric name (shared String storage for every reading).
    public var metric: String
    public var type: ValueType
    /// Numeric strings accepted for number and integer fields.
    public var lenient: Bool
    /// Linear conversion to the canonical unit: canonical = vendor × scale + offset.
    public var scale: Double
    public var offset: Double
    /// Valid range after conversion; outside it the message is `out_of_range`.
    public var range: ClosedRange<Double>?
    /// Enum values, or the listed true/false values of a bool field (mapped to `.bool`).
    public var mappings: [ValueMapping]
    /// Bool fields: edge events for the canonical true and false values.
    public var eventWhenTrue: DeviceEvent?
    public var eventWhenFalse: DeviceEvent?

    public init(
        source: Source, metric: String, type: ValueType, lenient: Bool = false, scale: Double = 1, offset: Double = 0,
        range: ClosedRange<Double>? = nil, mappings: [ValueMapping] = [], eventWhenTrue: DeviceEvent? = nil,
        eventWhenFalse: DeviceEvent? = nil
    ) {
        self.source = source
        self.metric = metric
        self.type = type
        self.lenient = lenient
        self.scale = scale
        self.offset = offset
        self.range = range
        self.mappings = mappings
        self.eventWhenTrue = eventWhenTrue
        self.eventWhenFalse = eventWhenFalse
    }

    /// Where the field reads from, as written in the profile (for messages).
    public var sourceDescription: String {
        switch source {
        case .path(let path): path.description
        case .key(let key): key
        }
    }

    /// The edge event types this field can emit.
    public var eventTypes: [String] {
        mappings.compactMap(\.event?.type) + [eventWhenTrue?.type, eventWhenFalse?.type].compactMap { $0 }
    }
}
