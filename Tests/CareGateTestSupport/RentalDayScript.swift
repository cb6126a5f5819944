import CareGateCore

/// A scripted day of rented equipment with hand-computed usage, shared by the metering unit
/// tests (as `DeviceMessage`s) and the integration test (as native MQTT payloads).
///
/// Times are minutes after local midnight of the scripted day `D` (past 1440 is the next day).
/// The expected figures are worked out by hand in the comments, not by running the meter.
public enum RentalDayScript {
    /// One message of the script.
    public struct Step: Sendable {
        public var minute: Int
        public var content: Content

        /// Device time of the step on the day that starts at `dayStart`.
        public func ts(dayStart: EpochMillis) -> EpochMillis { dayStart + EpochMillis(minute) * 60_000 }
    }

    /// A telemetry message's readings, or an event.
    public enum Content: Sendable {
        case telemetry([Reading])
        case event(String)
    }

    /// A power wheelchair (profile `caregate.wheelchair`: in use above 0.05 m/s, odometer,
    /// keep-alive 300 s so the gap cap is 600 s) under contract RC-7.
    ///
    /// Day D in use: 600 (08:10–08:20) + 300 (–08:25) + 300 (09:00–09:05) + 600 (–09:15)
    /// + 600 (10:00–10:30, a 30-minute silence capped at 600 s) + 60 (–10:31) + 300 (23:55–24:00)
    /// = 2,760 s. Day D+1: 300 (00:00–00:05) + 300 (–00:10) = 600 s.
    /// Distance D: 600 + 300 + 0 (odometer reset 1900 → 150 at 09:05) + 600 + 700 + 10
    /// + 300 (half of 23:55–00:05's 600 m) = 2,510 m; D+1: 300 + 300 = 600 m. The odometer's own
    /// runs, 1000 → 1900 and 150 → 2360, add up to the same 3,110 m.
    /// One session (09:00), one motor fault (08:40); battery D: min 40, last 40; D+1: 38, 38.
    public static let wheelchair: [Step] = [
        wheelchairReading(480, speed: 0, odometer: 1000, battery: 90),
        wheelchairReading(490, speed: 1.2, odometer: 1000),
        wheelchairReading(500, speed: 1.0, odometer: 1600),
        wheelchairReading(505, speed: 0, odometer: 1900),
        Step(minute: 520, content: .event("motor_fault")),
        Step(minute: 540, content: .event("session_start")),
        wheelchairReading(540, speed: 0.9, odometer: 1900, battery: 70),
        wheelchairReading(545, speed: 1.1, odometer: 150),
        wheelchairReading(555, speed: 0, odometer: 750),
        Step(minute: 555, content: .event("session_end")),
        wheelchairReading(600, speed: 1.0, odometer: 750),
        wheelchairReading(630, speed: 1.0, odometer: 1450),
        wheelchairReading(631, speed: 0, odometer: 1460),
        wheelchairReading(1435, speed: 1.0, odometer: 1460, battery: 40),
        wheelchairReading(1445, speed: 1.0, odometer: 2060),
        wheelchairReading(1450, speed: 0, odometer: 2360, battery: 38),
    ]

    /// A care bed (profile `caregate.care-bed`: in use while `in_bed`, keep-alive 120 s so the
    /// gap cap is 240 s) under contract RC-8.
    ///
    /// In use: 120 + 120 + 120 (21:30–21:36) + 240 (22:00–22:10, capped) + 120 (–22:12) = 720 s.
    public static let bed: [Step] = [
        bedReading(1260, false), bedReading(1290, true), bedReading(1292, true), bedReading(1294, true),
        bedReading(1296, false), bedReading(1320, true), bedReading(1330, true), bedReading(1332, false),
    ]

    /// The hand-computed figures.
    public enum Expected {
        public static let wheelchairInUseSeconds: (day: Int64, nextDay: Int64) = (2_760, 600)
        public static let wheelchairDistanceMetres: (day: Int64, nextDay: Int64) = (2_510, 600)
        public static let wheelchairOdometerRuns: Int64 = 900 + 2_210
        public static let wheelchairMessages: (day: Int64, nextDay: Int64) = (14, 2)
        public static let bedInUseSeconds: Int64 = 720
    }

    /// The step as a decoded message, as the bulk writer would meter it.
    public static func message(
        _ step: Step, index: Int, deviceId: String, profileId: String, kind: DeviceKind, dayStart: EpochMillis
    ) -> DeviceMessage {
        let ts = step.ts(dayStart: dayStart)
        var message = DeviceMessage(
            deviceId: deviceId, profileId: profileId, kind: kind, role: .telemetry, topic: "", sourceTs: ts, stampedByGateway: false,
            seq: Int64(index + 1), receivedAt: ts, retained: false, qos: 1)
        switch step.content {
        case .telemetry(let readings): message.readings = readings
        case .event(let type):
            message.role = .event
            message.events = [DeviceEvent(type: type)]
        }
        return message
    }

    /// The step as a native MQTT message: topic suffix (`telemetry` or `event`) and payload.
    public static func payload(_ step: Step, index: Int, dayStart: EpochMillis) -> (role: String, json: String) {
        let ts = step.ts(dayStart: dayStart)
        switch step.content {
        case .telemetry(let readings):
            var json = JSONWriter()
            json.object(readings)
            let props = String(decoding: json.bytes, as: UTF8.self)
            return ("telemetry", #"{"ts":\#(ts),"seq":\#(index + 1),"props":\#(props)}"#)
        case .event(let type):
            return ("event", #"{"ts":\#(ts),"seq":\#(index + 1),"type":"\#(type)","data":{}}"#)
        }
    }

    private static func wheelchairReading(_ minute: Int, speed: Double, odometer: Double, battery: Double? = nil) -> Step {
        var readings = [Reading("speed", .number(speed)), Reading("odometer", .number(odometer))]
        if let battery { readings.append(Reading("battery", .number(battery))) }
        return Step(minute: minute, content: .telemetry(readings))
    }

    private static func bedReading(_ minute: Int, _ inBed: Bool) -> Step {
        Step(minute: minute, content: .telemetry([Reading("in_bed", .bool(inBed))]))
    }
}
