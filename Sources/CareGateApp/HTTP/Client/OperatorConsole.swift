import CareGateCore
import CareGateHTTP
import Foundation

/// What the `caregate` API commands do: each call asks the daemon's API and returns the text to
/// print, so the ArgumentParser commands stay thin and this is testable against a live API.
public struct OperatorConsole: Sendable {
    let client: APIClient
    let calendar: SiteCalendar
    let clock: any GatewayClock

    public init(client: APIClient, calendar: SiteCalendar, clock: any GatewayClock = SystemClock()) {
        self.client = client
        self.calendar = calendar
        self.clock = clock
    }

    // MARK: Alerts

    /// `caregate alerts list [--open]`: one line per alert, newest first.
    public func alerts(openOnly: Bool) async throws -> String {
        let answer = try await client.get("v1/alerts?state=\(openOnly ? "open" : "all")", as: AlertList.self)
        guard !answer.alerts.isEmpty else { return openOnly ? "no open alerts" : "no alerts" }
        return answer.alerts.map(line).joined(separator: "\n")
    }

    /// `caregate alerts ack ID --by STAFF [--note N]`: the `acknowledged` transition.
    public func acknowledge(alertId: String, by: String, note: String?) async throws -> String {
        try await act("ack", alertId: alertId, by: by, note: note)
    }

    /// `caregate alerts resolve ID --by STAFF [--note N]`: the `resolved` transition.
    public func resolve(alertId: String, by: String, note: String?) async throws -> String {
        try await act("resolve", alertId: alertId, by: by, note: note)
    }

    private func act(_ verb: String, alertId: String, by: String, note: String?) async throws -> String {
        let path = "v1/alerts/\(Self.escape(alertId))/\(verb)"
        let transition = try await client.post(path, AlertActionRequest(by: by, note: note), as: AlertTransition.self)
        return AlertLineFormat(calendar: calendar, color: false).line(transition)
    }

    // MARK: Consumers

    /// `caregate consumers add NAME --scopes a,b [--required]`: the new token, shown once.
    public func addConsumer(name: String, scopes: String, required: Bool) async throws -> String {
        let list = scopes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let created = try await client.post(
            "v1/consumers", ConsumerCreateRequest(name: name, scopes: list, required: required), as: ConsumerCreated.self)
        return """
            consumer \(created.consumer.name) added (scopes \(created.consumer.scopes.joined(separator: ","))\(created.consumer.required ? ", required" : ""))
            token: \(created.token)
            Store the token now: the gateway keeps only its hash and cannot show it again.
            """
    }

    /// `caregate consumers list`: each consumer with its cursors and lag.
    public func consumers() async throws -> String {
        let answer = try await client.get("v1/consumers", as: ConsumerList.self)
        return answer.consumers.map(describe).joined(separator: "\n")
    }

    /// `caregate consumers remove NAME`.
    public func removeConsumer(name: String) async throws -> String {
        try await client.delete("v1/consumers/\(Self.escape(name))")
        return "consumer \(name) removed; its token no longer works"
    }

    // MARK: Status

    /// `caregate status`: one screen.
    public func status() async throws -> String {
        let status = try await client.get("v1/status", as: StatusReport.self)
        return StatusScreen(report: status, calendar: calendar).text
    }

    // MARK: Formatting

    private func line(_ alert: AlertView) -> String {
        var place: [String] = []
        if let room = alert.room { place.append("room \(room)") }
        if let bed = alert.bed { place.append("bed \(bed)") }
        let columns = [
            alert.severity.rawValue.uppercased().padding(toLength: 6, withPad: " ", startingAt: 0),
            alert.status.uppercased().padding(toLength: 12, withPad: " ", startingAt: 0),
            alert.rule.padding(toLength: 15, withPad: " ", startingAt: 0),
            place.isEmpty ? "unassigned" : place.joined(separator: " "),
            alert.residentRef ?? "-", alert.deviceId,
            "raised \(StatusScreen.clockTime(alert.evidence.raisedAt, calendar)) (\(StatusScreen.age(clock.now() - alert.evidence.raisedAt)) ago)",
        ]
        var text = columns.joined(separator: "  ") + "  \(alert.message)"
        if let by = alert.evidence.acknowledgedBy { text += " ack by \(by)" }
        return text + "  [\(alert.id)]"
    }

    private func describe(_ consumer: ConsumerView) -> String {
        var text = "\(consumer.name)  \(consumer.scopes.joined(separator: ","))  \(consumer.origin)\(consumer.required ? "  required" : "")"
        for cursor in consumer.cursors {
            text += "\n  \(cursor.stream.padding(toLength: 10, withPad: " ", startingAt: 0)) cursor \(cursor.cursor) of \(cursor.head)"
            text += cursor.pendingSince == nil ? ", caught up" : ", \(StatusScreen.age(EpochMillis(cursor.lagSeconds * 1000))) behind"
        }
        return text
    }

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? segment
    }

    private struct AlertList: Decodable { var alerts: [AlertView] }
    private struct ConsumerList: Decodable { var consumers: [ConsumerView] }
}
