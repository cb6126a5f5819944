import CareGateCore
import CareGateStorage

/// What the rental endpoints need from the gateway: today's running usage figures (the day
/// depends on the site's time zone) and asset events that take effect in the live registry.
public protocol MeteringDesk: Sendable {
    /// The running, not yet finalised, figures of the current site-local day.
    func usageToday() async throws -> [UsageRecord]
    /// Records an asset event of `type` that happened at `at`, as reported in `request`, audited
    /// with `actor` (the consumer); an `assigned` or `returned` event changes the rental contract
    /// of the device carrying the tag, in the database and the live registry.
    func recordAssetEvent(
        assetTag: String, type: AssetEventType, at: EpochMillis, _ request: AssetEventRequest, actor: String
    ) async throws -> AssetEventRecord
}
