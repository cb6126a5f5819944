import CareGateCore
import CareGateSimulation
import Foundation

/// Turns `caregate simulate`'s options into a fleet and a plan, reporting bad options as errors
/// that name the option.
public struct SimulationSetup: Sendable {
    public let fleet: Fleet
    public let plan: SimulationPlan

    public init(
        site: String, timeZone: String, seed: UInt64, devices: String?, perModel: Int?, duration: String?, count: Int?,
        rateScale: Double, malformed: Double, duplicates: Double, qos: UInt8, scenarios: [String], scenarioFile: String?,
        start: String?, limits: DecodeLimits
    ) throws {
        var spec = FleetSpec.standard(site: site)
        if let perModel { spec = FleetSpec.uniform(site: site, perModel: perModel) }
        if let devices {
            switch FleetSpec.parseCounts(devices) {
            case .success(let counts): spec.counts = counts
            case .failure(let error): throw GatewayError("--devices: \(error.message)")
            }
        }
        fleet = Fleet(spec: spec, seed: seed)
        guard let calendar = SiteCalendar(identifier: timeZone) else { throw GatewayError("unknown time zone \(timeZone)") }

        let length: SimulationPlan.Length
        if let count {
            length = .count(count)
        } else {
            guard let millis = ScenarioScript.parseDuration(duration ?? "10m") else {
                throw GatewayError("--duration: expected a duration such as 90s, 10m or 2h")
            }
            length = .duration(millis)
        }

        var compiled: [Scenario] = []
        for line in scenarios {
            switch ScenarioScript.parseLine(line) {
            case .success(.scenario(let request)):
                do { compiled.append(try request.compile(in: fleet)) } catch { throw GatewayError("--scenario \"\(line)\": \(error.message)") }
            case .success(.step(let step)):
                compiled.append(Scenario(name: "step", steps: [step]))
            case .failure(let error):
                throw GatewayError("--scenario \"\(line)\": \(error.message)")
            }
        }
        if let scenarioFile {
            guard let text = try? String(contentsOfFile: scenarioFile, encoding: .utf8) else {
                throw GatewayError("--scenario-file: cannot read \(scenarioFile)")
            }
            let (script, issues) = ScenarioScript.parse(text, file: scenarioFile)
            let (fromScript, compileIssues) = script.scenarios(in: fleet)
            let problems = issues + compileIssues
            guard problems.isEmpty else { throw GatewayError(problems.map(\.description).joined(separator: "\n")) }
            compiled += fromScript
        }

        plan = SimulationPlan(
            seed: seed, start: try Self.startInstant(start, calendar: calendar), calendar: calendar, length: length,
            rateScale: rateScale, malformedShare: malformed, duplicateShare: duplicates, telemetryQoS: qos, limits: limits,
            scenarios: compiled)
    }

    /// A fresh stream of the plan's messages.
    public func stream() throws -> SimulationStream {
        do {
            return try SimulationStream(fleet: fleet, plan: plan)
        } catch {
            throw GatewayError(error.message)
        }
    }

    /// Now, or the most recent instant at which site-local time read `HH:MM`.
    static func startInstant(_ text: String?, calendar: SiteCalendar, now: EpochMillis = SystemClock().now()) throws -> EpochMillis {
        guard let text else { return now }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { throw GatewayError("--start: expected HH:MM (site-local), found '\(text)'") }
        let today = calendar.startOfDay(calendar.dayNumber(now)) + EpochMillis(hour * 60 + minute) * 60_000
        return today <= now ? today : today - 86_400_000
    }

    /// `H:MM:SS.mmm` for an offset, for live output.
    public static func clockText(_ offset: EpochMillis) -> String {
        let seconds = offset / 1000
        return String(format: "%d:%02d:%02d.%03d", seconds / 3600, seconds / 60 % 60, seconds % 60, offset % 1000)
    }

    /// The summary as JSON, for acceptance runs that compare it with `caregate stats --json`.
    public static func json(_ summary: SimulationSummary) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("total"); json.value(summary.total)
        json.key("valid"); json.value(summary.validTotal)
        json.key("validByRole")
        json.beginObject()
        for role in summary.valid.keys.sorted(by: { $0.rawValue < $1.rawValue }) { json.key(role.rawValue); json.value(summary.valid[role]!) }
        json.endObject()
        json.key("quarantined")
        json.beginObject()
        for reason in summary.quarantined.keys.sorted(by: { $0.rawValue < $1.rawValue }) { json.key(reason.rawValue); json.value(summary.quarantined[reason]!) }
        json.endObject()
        json.key("duplicates"); json.value(summary.duplicates)
        json.key("ignored"); json.value(summary.ignored)
        json.endObject()
        return json.string
    }
}
