import CareGateCore
import CareGateHTTP
import CareGateStorage

/// The API's metering desk: today's running figures from `buffer.sqlite`, and asset events saved
/// to `alerts.sqlite` (audited, sequence numbered) and applied to the live registry before the
/// request returns, so the bulk writer meters the device's next stored message under its new
/// contract.
struct LiveMeteringDesk: MeteringDesk {
    let buffer: BufferDatabase
    let control: ControlDatabase
    let registry: Registry
    let sequence: GatewaySequence
    let calendar: SiteCalendar
    let clock: any GatewayClock

    func usageToday() async throws -> [UsageRecord] {
        try await buffer.openUsage(day: calendar.dayNumber(clock.now()), calendar: calendar)
    }

    func recordAssetEvent(
        assetTag: String, type: AssetEventType, at: EpochMillis, _ request: AssetEventRequest, actor: String
    ) async throws -> AssetEventRecord {
        let recordedAt = clock.now()
        let (event, device) = try await BlockingIO.run { [control, sequence] in
            try control.recordAssetEvent(
                assetTag: assetTag, type: type, contract: request.contract, note: request.note, by: request.by, at: at, actor: actor,
                recordedAt: recordedAt, sequence: sequence)
        }
        if let device, type == .assigned || type == .returned { registry.upsert(devices: [device]) }
        return event
    }
}
