import CareGateCore
import Foundation

/// An exit-risk resident leaving: medium at once, high at night. Three sources:
/// - a device's own `geofence_exit` event (the watch applied its fence and its own hysteresis);
/// - a `zone` reading of `outside`;
/// - GPS fixes against the site's circular fence (`fence_lat`, `fence_lon`, `fence_radius_m`):
///   two consecutive fixes outside, or one fix more than 50 m beyond the fence, so a single jittery
///   fix cannot raise it.
/// Coming back is recorded in the alert's details; staff resolve it once they have the resident.
public struct WanderingRule: AlertRule {
    public static let id = RuleID.wandering
    public static let scope = RuleScope.subject

    public static let fenceLat = SettingSpec("fence_lat", 0, unit: "°", "Fence centre latitude", minimum: -90)
    public static let fenceLon = SettingSpec("fence_lon", 0, unit: "°", "Fence centre longitude", minimum: -180)
    public static let fenceRadius = SettingSpec("fence_radius_m", 0, unit: "m", "Fence radius (0 = no GPS fence)")
    public static let fixesOutside = SettingSpec("fixes_outside", 2, unit: "fixes", "Consecutive fixes outside that raise", minimum: 1)
    public static let farBeyond = SettingSpec("far_beyond_m", 50, unit: "m", "One fix this far beyond the fence raises")
    public static let settings = [fenceLat, fenceLon, fenceRadius, fixesOutside, farBeyond]

    /// Consecutive GPS fixes outside the fence.
    public struct State: RuleStateValue {
        public var fixesOutside = 0
        public init() {}
        public var nextDeadline: EpochMillis? { nil }
    }

    public init() {}

    public func wants(_ message: DeviceMessage, device: DeviceRecord, resident: ResidentRecord?) -> Bool {
        guard resident?.exitRisk == true else { return false }
        return message.hasAnyEvent(["geofence_exit", "geofence_enter"]) || message.text("zone") != nil
            || (message.number("lat") != nil && message.number("lon") != nil)
    }

    public func handle(_ input: RuleInput, state: inout State, context: RuleContext) -> [RuleOutput] {
        guard case .message(let message, let device) = input else {
            if case .staff(.resolved) = input { state = State() }
            return []
        }
        var reason: String?
        var details: [String: MetricValue] = [:]
        if message.hasEvent("geofence_exit") { reason = "left the geofence" }
        if message.text("zone") == "outside" { reason = "left the building" }
        if let lat = message.number("lat"), let lon = message.number("lon"), let distance = beyondFence(lat, lon, context) {
            if distance > 0 {
                state.fixesOutside += 1
                details = ["beyond_m": .number(distance.rounded()), "lat": .number(lat), "lon": .number(lon)]
                let s = context.settings
                if Double(state.fixesOutside) >= s[Self.fixesOutside] || distance > s[Self.farBeyond] {
                    reason = "\(Int(distance.rounded())) m outside the fence"
                }
            } else {
                state.fixesOutside = 0
            }
        }
        let back = message.hasEvent("geofence_enter") || (message.text("zone").map { $0 != "outside" } ?? false)
        if let reason {
            let night = context.isNight()
            details["night"] = .bool(night)
            return [.trigger(RuleTrigger(
                night ? .high : .medium, "Exit-risk resident \(reason)", deviceId: device.deviceId,
                sourceTs: message.sourceTs, details: details))]
        }
        if back, context.openAlert != nil {
            return [.trigger(RuleTrigger(
                context.openAlert?.severity ?? .medium, "Exit-risk resident back inside; confirm they are safe",
                deviceId: device.deviceId, sourceTs: message.sourceTs, details: ["back_inside": .bool(true)]))]
        }
        return []
    }

    /// Metres beyond the configured fence (≤ 0 inside), or nil when no fence is configured.
    private func beyondFence(_ lat: Double, _ lon: Double, _ context: RuleContext) -> Double? {
        let s = context.settings
        let radius = s[Self.fenceRadius]
        guard radius > 0 else { return nil }
        return haversineMetres(lat, lon, s[Self.fenceLat], s[Self.fenceLon]) - radius
    }
}

/// Great-circle distance in metres.
func haversineMetres(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
    let r = 6_371_000.0
    let dLat = (lat2 - lat1) * .pi / 180
    let dLon = (lon2 - lon1) * .pi / 180
    let a = sin(dLat / 2) * sin(dLat / 2)
        + cos(lat1 * .pi / 180) * cos(lat2 * .pi / 180) * sin(dLon / 2) * sin(dLon / 2)
    return 2 * r * asin(min(1, sqrt(a)))
}
