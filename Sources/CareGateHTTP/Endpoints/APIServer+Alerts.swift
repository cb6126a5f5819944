import CareGateCore
import CareGateStorage
import Foundation
import Hummingbird

extension APIServer {
    /// `GET /v1/alerts?state=open|resolved|all&limit=N`: snapshots with response-time evidence.
    func listAlerts(_ call: inout APICall) async throws -> Response {
        let state = call.query("state") ?? "open"
        guard let filter = ControlDatabase.AlertHistoryFilter(rawValue: state) else {
            throw Problem.badRequest("state must be open, resolved or all, found '\(state)'")
        }
        let limit = Int(try call.query("limit", in: 1...10_000, default: 1000) ?? 1000)
        return try JSONResponse.encode(["alerts": try await services.alerts.alerts(filter, limit: limit)])
    }

    /// `GET /v1/alerts/{id}`: `{"alert": <snapshot>, "transitions": [<transition>...]}`.
    func showAlert(_ call: inout APICall) async throws -> Response {
        let id = try call.parameter("id")
        guard let alert = try await services.alerts.alert(id: id) else { throw Problem.notFound("no alert \(id)") }
        let transitions = try await services.alerts.transitions(ofAlert: id)
        var json = JSONWriter(capacity: 1024)
        json.beginObject()
        json.key("alert")
        json.raw(String(decoding: try JSONResponse.json(alert), as: UTF8.self))
        json.key("transitions")
        json.beginArray()
        for transition in transitions { json.raw(transition.body) }
        json.endArray()
        json.endObject()
        return JSONResponse.bytes(json.bytes)
    }

    /// `POST /v1/alerts/{id}/ack`, `/resolve`, `/suppress` with `{"by","note","seconds"}`:
    /// returns the transition it produced (the alert log line, with its `seq`).
    func act(_ call: inout APICall, _ action: AlertAction) async throws -> Response {
        let consumer = try call.consumer()
        let id = try call.parameter("id")
        var request = try await call.body(AlertActionRequest.self)
        request.by = request.by.trimmingCharacters(in: .whitespaces)
        guard !request.by.isEmpty else { throw Problem.badRequest("by must name the staff member acting (their staff id)") }
        if let seconds = request.seconds {
            guard action == .suppress else { throw Problem.badRequest("seconds applies to suppress only") }
            guard seconds > 0, seconds <= 7 * 86_400 else { throw Problem.badRequest("seconds must be from 1 to 604800 (a week)") }
        }
        let transition = try await services.alerts.perform(action, alertId: id, request: request, actor: consumer.name)
        return JSONResponse.bytes(Array(transition.jsonLine.utf8))
    }
}
