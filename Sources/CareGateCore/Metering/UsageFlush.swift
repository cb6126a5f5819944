/// What the meter hands to storage at a flush: the usage deltas since the last flush, per
/// device, contract and day, and the state of every device that changed.
///
/// Both are written in one transaction with the journal position they cover, so the figures and
/// the state that continues them can never disagree after a crash.
public struct UsageFlush: Sendable {
    public var deltas: [UsageKey: UsageDelta] = [:]
    public var states: [String: MeterState] = [:]

    public init() {}

    public var isEmpty: Bool { deltas.isEmpty && states.isEmpty }
}

/// Figures to add to one usage record, with the descriptive fields the record carries.
public struct UsageDelta: Sendable, Hashable {
    public var assetTag: String?
    public var kind: DeviceKind
    public var figures = UsageFigures()

    public init(assetTag: String?, kind: DeviceKind) {
        self.assetTag = assetTag
        self.kind = kind
    }
}
