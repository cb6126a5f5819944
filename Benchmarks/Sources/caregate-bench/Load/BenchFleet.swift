/// The simulated site every gateway run uses: residents each wearing a watch (the telemetry load)
/// and holding a call button (the fall events whose alert latency is measured), all registered
/// through a registry seed so no run pays for auto-registration.
///
/// Call buttons, not fall radars, carry the falls because they are supervised on a 24 h cycle: a
/// silent fall radar would raise "device offline" after 2 min and flood the alert path the
/// benchmark measures. Watches are not safety-critical, so pausing the load raises nothing either.
struct BenchFleet: Sendable {
    let site: String
    let residents: Int
    let wearables: Int
    let callButtons: Int

    /// 5,000 devices by default: 1,500 watches and 3,500 call buttons for 3,500 residents (three
    /// latency scenarios of 1,000 falls and a warm-up each need a resident who has not fallen yet).
    init(site: String = "bench", wearables: Int = 1_500, callButtons: Int = 3_500) {
        self.site = site
        self.wearables = wearables
        self.callButtons = callButtons
        residents = max(wearables, callButtons)
    }

    var deviceCount: Int { wearables + callButtons }

    static func residentRef(_ index: Int) -> String { "R-" + digits(index) }
    static func wearableId(_ index: Int) -> String { "w-" + digits(index) }
    static func callButtonId(_ index: Int) -> String { "cb-" + digits(index) }

    func telemetryTopic(wearable index: Int) -> String {
        "care/\(site)/wearable/\(Self.wearableId(index))/telemetry"
    }

    func eventTopic(callButton index: Int) -> String {
        "care/\(site)/call-button/\(Self.callButtonId(index))/event"
    }

    var alertTopic: String { "care/\(site)/gateway/alerts" }

    func acknowledgeTopic(alertId: String) -> String { "care/\(site)/gateway/alerts/\(alertId)/ack" }

    /// The registry seed file (config/devices.example.yaml's format).
    func registrySeedYAML() -> String {
        var text = "residents:\n"
        text.reserveCapacity(residents * 120)
        for index in 0..<residents {
            text += "  - { ref: \(Self.residentRef(index)), fall_risk: standard }\n"
        }
        text += "devices:\n"
        for index in 0..<wearables {
            text += "  - { id: \(Self.wearableId(index)), profile: caregate.wearable, room: \"\(index / 2)\", resident: \(Self.residentRef(index)) }\n"
        }
        for index in 0..<callButtons {
            text += "  - { id: \(Self.callButtonId(index)), profile: caregate.call-button, room: \"\(index / 2)\", resident: \(Self.residentRef(index)) }\n"
        }
        return text
    }

    private static func digits(_ index: Int) -> String {
        let text = String(index)
        return String(repeating: "0", count: max(0, 5 - text.count)) + text
    }
}
