import CareGateCore
import CareGateSimulation
import Foundation
import Testing

/// Runs simulated streams through the real shipped profiles (`Devices/`) and the gateway's decoder
/// and de-duplication window, and checks that every message meets its expected outcome. This is
/// the acceptance test's promise in miniature: valid messages decode to their device and role,
/// quarantined ones fail with exactly the stated reason, ignored ones are ignored, and duplicates
/// decode but are refused by the anti-replay window.
@Suite struct ProfileAgreementTests {
    static let catalog: ProfileCatalog = {
        let devices = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Devices")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: devices.path)) ?? []
        let files = names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name in
            (try? String(contentsOf: devices.appendingPathComponent(name), encoding: .utf8)).map { (name: name, text: $0) }
        }
        return ProfileCatalog.load(files: files).catalog
    }()

    func check(_ fleet: Fleet, _ plan: SimulationPlan) throws -> SimulationSummary {
        #expect(Self.catalog.profiles.count == 11)
        var decoder = Self.catalog.makeDecoder(site: fleet.site, limits: plan.limits)
        let registered = Dictionary(uniqueKeysWithValues: fleet.devices.map { ($0.id, $0.profileId) })
        var windows: [String: DeviceStreamState] = [:]
        var summary = SimulationSummary()
        for message in try SimulationStream(fleet: fleet, plan: plan) {
            summary.record(message)
            let outcome = message.payload.withUnsafeBytes { payload in
                decoder.decode(
                    topic: message.topic, payload: payload, qos: message.qos, retained: message.retain,
                    receivedAt: plan.start + message.offset, registeredProfile: { registered[$0] })
            }
            let admitted = admit(outcome, message, &windows)
            switch (message.expected, outcome) {
            case (.valid(let id, let role), .message(let decoded)):
                #expect(decoded.deviceId == id && decoded.role == role, "\(message.topic)")
                #expect(admitted == true, "first copy of \(message.topic) \(Fixtures.text(message))")
            case (.duplicate(let id), .message(let decoded)):
                #expect(decoded.deviceId == id)
                #expect(admitted == false, "duplicate of \(message.topic) \(Fixtures.text(message)) was admitted")
            case (.quarantined(let reason), .failure(let failure, _, _)):
                #expect(failure.reason == reason, "\(message.topic) \(Fixtures.text(message).prefix(160)): \(failure)")
            case (.ignored, .ignored):
                break
            default:
                Issue.record("\(message.topic) \(Fixtures.text(message).prefix(160)): expected \(message.expected), got \(outcome)")
            }
        }
        return summary
    }

    /// Applies the gateway's per-device anti-replay window to a decoded message.
    private func admit(_ outcome: DecodeOutcome, _ message: SimulatedMessage, _ windows: inout [String: DeviceStreamState]) -> Bool? {
        guard case .message(let decoded) = outcome else { return nil }
        let digest = message.payload.withUnsafeBytes { DeviceStreamState.digest(of: $0) }
        return windows[decoded.deviceId, default: DeviceStreamState()].admit(
            seq: decoded.seq, ts: decoded.sourceTs, stamped: decoded.stampedByGateway, retained: decoded.retained,
            role: decoded.role, payloadDigest: digest)
    }

    @Test func everyOutcomeMatchesAtNightWithScenarios() throws {
        let fleet = Fleet(spec: .standard(site: "sh-01"), seed: 21)
        let scenarios = try [
            ScenarioRequest(.fall, at: Fixtures.minute).compile(in: fleet),
            ScenarioRequest(.fall, at: Fixtures.minute, target: "tuya-0001").compile(in: fleet),
            ScenarioRequest(.bedExit, at: 2 * Fixtures.minute, target: "R-0005").compile(in: fleet),
            ScenarioRequest(.apnea, at: 3 * Fixtures.minute, target: "alink-0002").compile(in: fleet),
            ScenarioRequest(.silentDevice, at: 4 * Fixtures.minute, target: "fr-0002", options: ["offline": "true", "minutes": "3"]).compile(in: fleet),
            ScenarioRequest(.malformedBurst, at: 5 * Fixtures.minute).compile(in: fleet),
        ]
        let plan = Fixtures.plan(length: .duration(12 * Fixtures.minute), malformed: 0.03, duplicates: 0.02, scenarios: scenarios)
        let summary = try check(fleet, plan)
        #expect(summary.quarantined.count == MalformedMessageFactory.reasons.count, "every reason exercised")
        #expect(summary.duplicates > 50 && summary.ignored > 0)
        #expect(summary.valid[.event] == 4, "fall_suspected, fall, BedExitAlarm, ApneaAlarm")
    }

    @Test func everyOutcomeMatchesInADaytimeLoadRun() throws {
        let fleet = Fleet(spec: .uniform(site: "sh-01", perModel: 3), seed: 22)
        let scenarios = try [
            ScenarioRequest(.tipOver, at: 30_000).compile(in: fleet),
            ScenarioRequest(.apnea, at: 40_000, target: "esp-0002").compile(in: fleet),
        ]
        let plan = Fixtures.plan(start: Fixtures.morning, length: .count(15_000), rateScale: 20, malformed: 0.02, duplicates: 0.01, scenarios: scenarios)
        let summary = try check(fleet, plan)
        #expect(summary.total == 15_000)
        #expect(Set(summary.valid.keys) == Set(MessageRole.allCases))
    }

    @Test func scriptedEventsOutsideAProfileAreExpectedQuarantined() throws {
        let fleet = Fixtures.everyModel()
        let script = """
            0:00:10 event cb-0001 sos
            0:00:11 event fr-0001 sos
            0:00:12 event alink-0001 fall
            0:00:13 event alink-0001 sos
            """
        let (parsed, parseIssues) = ScenarioScript.parse(script)
        let (scenarios, issues) = parsed.scenarios(in: fleet)
        #expect(parseIssues.isEmpty && issues.isEmpty)
        let summary = try check(fleet, Fixtures.plan(length: .duration(Fixtures.minute), scenarios: scenarios))
        #expect(summary.quarantined[.unknownValue] == 2)
    }
}
