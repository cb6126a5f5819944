/// One device model's declarative mapping from its vendor's topics and payloads onto CareGate's
/// canonical readings and events, loaded from a YAML file under `Devices/`.
///
/// A vendor adds a device by writing one of these, never by changing code; `Devices/README.md`
/// documents every key. The value is immutable and `Sendable`: it is compiled once at start
/// (paths to key bytes, vendor values to bytes and numbers, canonical names to shared strings) so
/// decoding a message does not allocate for what the profile already knows.
public struct DeviceProfile: Sendable {
    /// Unique, lowercase `[a-z0-9._-]`, e.g. `caregate.fall-radar`.
    public var id: String
    public var name: String
    public var vendor: String
    public var model: String
    public var kind: DeviceKind
    /// Device-offline supervision applies to devices of this model.
    public var safetyCritical: Bool
    /// The longest silence expected between two messages of a healthy device.
    public var keepaliveSeconds: Int
    /// What "in use" means for rental metering, when the model is metered.
    public var usage: UsageSpec?
    /// Per-model rule defaults: rule → setting → number. Validated by the rule engine.
    public var ruleDefaults: [String: [String: Double]]
    /// Scalar keys, payload keys and event types that are counted as ignored, not quarantined.
    public var ignore: [String]
    public var topics: [TopicSpec]
    /// The file the profile came from, for messages.
    public var file: String
    /// The line of `id:` in that file, for issues about the id.
    var idLine = 1

    public init(
        id: String, name: String, vendor: String, model: String, kind: DeviceKind, safetyCritical: Bool,
        keepaliveSeconds: Int, usage: UsageSpec?, ruleDefaults: [String: [String: Double]], ignore: [String],
        topics: [TopicSpec], file: String
    ) {
        self.id = id
        self.name = name
        self.vendor = vendor
        self.model = model
        self.kind = kind
        self.safetyCritical = safetyCritical
        self.keepaliveSeconds = keepaliveSeconds
        self.usage = usage
        self.ruleDefaults = ruleDefaults
        self.ignore = ignore
        self.topics = topics
        self.file = file
    }

    /// Every metric some field of the profile produces.
    public var metrics: Set<String> {
        Set(topics.flatMap { $0.fields.map(\.metric) })
    }

    /// Every event type the profile can emit: reported events and edge events.
    public var eventTypes: Set<String> {
        var types = Set<String>()
        for topic in topics {
            types.formUnion(topic.event?.types ?? [])
            for field in topic.fields { types.formUnion(field.eventTypes) }
        }
        return types
    }
}

/// Rental metering: which reading means the device is in use, which counts distance, which events
/// open and close a session. Consumed by the metering stage, declared per model.
public struct UsageSpec: Sendable, Hashable {
    /// In use while `metric` equals a value or exceeds a threshold.
    public enum InUse: Sendable, Hashable {
        case equals(metric: String, value: MetricValue)
        case above(metric: String, threshold: Double)

        public var metric: String {
            switch self {
            case .equals(let metric, _), .above(let metric, _): metric
            }
        }
    }

    public var inUse: InUse?
    /// A monotonic odometer in metres.
    public var distanceMetric: String?
    /// Events that start and end a usage session.
    public var sessionStart: String?
    public var sessionEnd: String?

    public init(inUse: InUse?, distanceMetric: String?, sessionStart: String?, sessionEnd: String?) {
        self.inUse = inUse
        self.distanceMetric = distanceMetric
        self.sessionStart = sessionStart
        self.sessionEnd = sessionEnd
    }
}
