import CareGateCore
import CareGateSimulation
import Testing

@Suite struct ScenarioScriptTests {
    let fleet = Fleet(spec: .standard(site: "sh-01"), seed: 2)

    @Test func parsesEveryKindOfLine() throws {
        let text = """
            # offset  what            target   options
            0:05:00   fall            fr-0001
            0:10:00   bed-exit        R-0003   minutes=25
            20m       apnea           R-0002   seconds=30
            0:30:00   tip-over        wc-0001
            40:00     silent-device   fr-0002  minutes=20 offline=true   # a comment
            0:50:00   malformed-burst          count=50 seconds=1

            1:00:00   set             fr-0003  posture=fallen motion=none for=90s
            1:00:05   event           cb-0001  sos pressed=2
            1h2m      silence         w-0002   for=10m offline=true
            """
        let (script, issues) = ScenarioScript.parse(text, file: "night.scenario")
        #expect(issues.map(\.description) == ["night.scenario:11: bad offset '1h2m' (use H:MM:SS, MM:SS, or 90s / 5m / 2h / 500ms)"])
        #expect(script.entries.map(\.line) == [2, 3, 4, 5, 6, 7, 9, 10])
        #expect(script.entries[0].content == .scenario(ScenarioRequest(.fall, at: 300_000, target: "fr-0001")))
        #expect(script.entries[2].content == .scenario(ScenarioRequest(.apnea, at: 1_200_000, target: "R-0002", options: ["seconds": "30"])))
        #expect(script.entries[4].content == .scenario(ScenarioRequest(.silentDevice, at: 2_400_000, target: "fr-0002", options: ["minutes": "20", "offline": "true"])))
        #expect(script.entries[5].content == .scenario(ScenarioRequest(.malformedBurst, at: 3_000_000, options: ["count": "50", "seconds": "1"])))
        let set = ScenarioStep(
            at: 3_600_000, deviceId: "fr-0003",
            action: .set([SimulatedField("motion", .text("none")), SimulatedField("posture", .text("fallen"))], forMillis: 90_000))
        #expect(script.entries[6].content == .step(set))
        let event = ScenarioStep(at: 3_605_000, deviceId: "cb-0001", action: .event(type: "sos", data: [SimulatedField("pressed", .int(2))]))
        #expect(script.entries[7].content == .step(event))

        let (scenarios, problems) = script.scenarios(in: fleet)
        #expect(problems.isEmpty)
        #expect(scenarios.count == 8 && scenarios[0].name == "fall@0:05:00 fr-0001")
    }

    @Test func reportsEveryProblemWithItsLine() {
        let text = """
            5m teleport fr-0001
            5m set fr-0001 posture=fallen
            5m event fr-0001
            5m fall fr-0001 fr-0002
            5m silence w-0001 offline=maybe
            5m bed-exit R-0001 minutes=5 minutes=6
            fall fr-0001
            """
        let (_, issues) = ScenarioScript.parse(text, file: "f")
        #expect(issues.map(\.line) == [1, 2, 3, 4, 5, 6, 7])
        #expect(issues[0].message.hasPrefix("unknown scenario 'teleport' (known: fall, bed-exit"))
        #expect(issues[1].message == "set needs for=DURATION (e.g. for=90s)")
    }

    @Test func unresolvableTargetsAreReportedAgainstTheFleet() {
        let (script, _) = ScenarioScript.parse("1m fall nobody\n2m event zz-0001 sos\n3m tip-over wc-0001 speed=3\n", file: "s")
        let (scenarios, issues) = script.scenarios(in: fleet)
        #expect(scenarios.isEmpty)
        #expect(issues.map(\.description) == [
            "s:1: no device or resident 'nobody' in the fleet",
            "s:2: no device 'zz-0001' in the fleet",
            "s:3: unknown option 'speed' for tip-over (known: seconds)",
        ])
    }

    @Test func durationsAndOffsets() {
        #expect(ScenarioScript.parseDuration("500ms") == 500)
        #expect(ScenarioScript.parseDuration("90s") == 90_000)
        #expect(ScenarioScript.parseDuration("5m") == 300_000)
        #expect(ScenarioScript.parseDuration("2h") == 7_200_000)
        #expect(ScenarioScript.parseDuration("1:02:03") == 3_723_000)
        #expect(ScenarioScript.parseDuration("02:03") == 123_000)
        #expect(ScenarioScript.parseDuration("1:60:00") == nil)
        #expect(ScenarioScript.parseDuration("soon") == nil)
        #expect(ScenarioScript.parseDuration("-5s") == nil)
        #expect(ScenarioScript.formatOffset(3_723_000) == "1:02:03")
    }

    @Test func valuesKeepTheirType() {
        #expect(SimulatedValue(parsing: "true") == .bool(true))
        #expect(SimulatedValue(parsing: "42") == .int(42))
        #expect(SimulatedValue(parsing: "36.80") == .decimal(36.8, places: 2))
        #expect(SimulatedValue(parsing: "fallen") == .text("fallen"))
    }
}
