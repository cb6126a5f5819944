import CareGateCore

extension MalformedMessageFactory {
    /// Plausible readings per kind: the body a broken message is built around.
    static func sample(_ kind: DeviceKind, now: EpochMillis) -> [SimulatedField] {
        switch kind {
        case .fallRadar:
            [SimulatedField("presence", .bool(true)), SimulatedField("motion", .text("still")),
             SimulatedField("posture", .text("lying"))]
        case .vitalsRadar:
            [SimulatedField("in_bed", .bool(true)), SimulatedField("presence", .bool(true)),
             SimulatedField("heart_rate", .int(68)), SimulatedField("resp_rate", .int(15)),
             SimulatedField("motion", .text("still"))]
        case .careBed:
            [SimulatedField("in_bed", .bool(true)), SimulatedField("backrest", .int(10)),
             SimulatedField("brake", .bool(true)), SimulatedField("load", .decimal(61.2, places: 1))]
        case .wearable:
            [SimulatedField("heart_rate", .int(72)), SimulatedField("spo2", .int(97)),
             SimulatedField("skin_temp", .decimal(33.4, places: 1)), SimulatedField("battery", .int(80)),
             SimulatedField("worn", .bool(true))]
        case .wheelchair:
            [SimulatedField("speed", .decimal(0.8, places: 2)), SimulatedField("tilt", .decimal(1.2, places: 1)),
             SimulatedField("battery", .int(80)), SimulatedField("battery_v", .decimal(25.58, places: 2)),
             SimulatedField("presence", .bool(true))]
        case .hoist:
            [SimulatedField("load", .decimal(0, places: 1)), SimulatedField("battery", .int(90)),
             SimulatedField("estop", .bool(false)), SimulatedField("last_exam", .int(now - 30 * Millis.day))]
        case .rehabRobot:
            [SimulatedField("steps", .int(1000)), SimulatedField("assist_level", .int(3)),
             SimulatedField("battery", .int(80))]
        default:
            [SimulatedField("battery", .int(90))]
        }
    }

    /// A field the kind's profile types as a number.
    static func numericField(_ kind: DeviceKind) -> String {
        switch kind {
        case .vitalsRadar, .wearable: "heart_rate"
        case .careBed: "backrest"
        case .wheelchair: "speed"
        case .hoist: "load"
        case .rehabRobot: "steps"
        default: "battery"
        }
    }

    /// Values outside the ranges the shipped profiles declare for the kind.
    static func outOfRange(_ kind: DeviceKind) -> [(String, SimulatedValue)] {
        switch kind {
        case .vitalsRadar: [("heart_rate", .int(900)), ("resp_rate", .int(95))]
        case .careBed: [("backrest", .int(120)), ("load", .decimal(450, places: 1))]
        case .wearable: [("spo2", .int(140)), ("skin_temp", .decimal(60.5, places: 1))]
        case .wheelchair: [("tilt", .decimal(200, places: 1)), ("speed", .decimal(9.5, places: 2))]
        default: [("assist_level", .int(15))]
        }
    }
}
