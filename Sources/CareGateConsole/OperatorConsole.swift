import CareGateApp
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

    // MARK: Rental

    /// `caregate assets event TAG TYPE --by STAFF [--contract C] [--note N] [--at MS]`: the stored
    /// event, in one line.
    public func assetEvent(
        tag: String, type: String, by: String, contract: String?, note: String?, at: EpochMillis?
    ) async throws -> String {
        let request = AssetEventRequest(type: type, by: by, at: at, contract: contract, note: note)
        let event = try await client.post("v1/assets/\(Self.escape(tag))/events", request, as: AssetEventLine.self)
        var text = "\(event.type) \(event.assetTag) by \(event.by) at \(calendar.isoDate(day: calendar.dayNumber(event.at))) "
        text += StatusScreen.clockTime(event.at, calendar)
        if let contract = event.contract { text += " contract \(contract)" }
        text += event.deviceId.map { " (device \($0))" } ?? " (no registered device carries this tag)"
        return text + "  [seq \(event.seq)]"
    }

    /// `caregate usage [--after N] [--today] [--json]`: finalised usage records after a cursor
    /// (every page), or today's running figures; a table, or one JSON object per line.
    public func usage(after: Int64, today: Bool, json: Bool) async throws -> String {
        var records: [[String: Any]] = []
        if today {
            records = try Self.records(in: try await client.send("GET", "v1/usage/today"))
        } else {
            var cursor = after
            while true {
                let data = try await client.send("GET", "v1/usage?after=\(cursor)&limit=1000")
                records += try Self.records(in: data)
                guard let page = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                    let next = (page["next"] as? NSNumber)?.int64Value, page["more"] as? Bool == true, next > cursor
                else { break }
                cursor = next
            }
        }
        if json {
            return try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
                .joined(separator: "\n")
        }
        guard !records.isEmpty else { return today ? "no usage recorded today" : "no finalised usage records after \(after)" }
        let header = ["date", "device", "asset", "contract", "in use", "distance m", "sessions", "faults", "battery min", "rev", "seq"]
        let rows = records.map { record -> [String] in
            func text(_ key: String) -> String {
                switch record[key] {
                case let value as String: value
                case let value as NSNumber: "\(value)"
                default: "-"
                }
            }
            let seconds = Int((record["inUseSeconds"] as? NSNumber)?.doubleValue ?? 0)
            return [
                text("date"), text("deviceId"), text("assetTag"), text("contract"),
                String(format: "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60),
                String(format: "%.1f", (record["distanceMetres"] as? NSNumber)?.doubleValue ?? 0), text("sessions"), text("faults"),
                text("batteryMin"), text("revision"), text("seq"),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.indices.map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    private static func records(in data: Data) throws -> [[String: Any]] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], let records = object["records"] as? [[String: Any]]
        else { throw APIClientError(status: 0, message: "unexpected answer from the gateway API: no records") }
        return records
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
    private struct AssetEventLine: Decodable {
        var seq: Int64
        var assetTag: String
        var type: String
        var contract: String?
        var deviceId: String?
        var by: String
        var at: EpochMillis
    }
    private struct ConsumerList: Decodable { var consumers: [ConsumerView] }
}
