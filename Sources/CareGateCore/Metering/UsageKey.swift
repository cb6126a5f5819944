/// What one usage record counts for: a device, under one rental contract, on one site-local day.
///
/// The contract is part of the key, not an attribute, because billing follows the contract: a
/// device re-assigned at noon yields two records for that day, one per contract. A device without
/// a contract is keyed by the empty string, so its use is still measured (for maintenance and
/// subsidies) and reconciles with its counters.
public struct UsageKey: Sendable, Hashable, Comparable {
    public var deviceId: String
    /// The rental contract in force when the use happened, or "" for none.
    public var contract: String
    /// The site-local day, as days since 1970-01-01 (see `SiteCalendar.dayNumber`).
    public var day: Int64

    public init(deviceId: String, contract: String, day: Int64) {
        self.deviceId = deviceId
        self.contract = contract
        self.day = day
    }

    /// Day first, then device and contract: the order records are finalised and served in.
    public static func < (lhs: UsageKey, rhs: UsageKey) -> Bool {
        (lhs.day, lhs.deviceId, lhs.contract) < (rhs.day, rhs.deviceId, rhs.contract)
    }
}
