/// One canonical metric and its value, as a profile mapped it from a vendor field.
///
/// Metric names are the canonical names of the wire contract (`heart_rate`, `in_bed`, `posture`,
/// ...); a profile may add its own, which are carried through unchanged.
public struct Reading: Sendable, Hashable {
    public var metric: String
    public var value: MetricValue

    public init(_ metric: String, _ value: MetricValue) {
        self.metric = metric
        self.value = value
    }
}

/// A canonical event a device reported (`fall`, `sos`, `bed_exit`, ...), with its optional data.
public struct DeviceEvent: Sendable, Hashable {
    public var type: String
    public var data: [Reading]
    /// The metric whose value implied this event (a profile's edge event, e.g. `fall` from
    /// `fall_state`), or nil for an event the device reported as such. A derived event is emitted
    /// with every message carrying that value; the pipeline keeps only changes.
    public var derivedFrom: String?

    public init(type: String, data: [Reading] = [], derivedFrom: String? = nil) {
        self.type = type
        self.data = data
        self.derivedFrom = derivedFrom
    }
}

extension Array where Element == Reading {
    /// The value of `metric`, if present.
    public subscript(metric: String) -> MetricValue? {
        first { $0.metric == metric }?.value
    }
}
