import CareGateCore
import CareGateStorage
import Hummingbird

extension APIServer {
    /// `GET /v1/usage/today`: the running usage figures of the current site-local day, per
    /// device and contract (no `seq`: they change until the day is finalised and served by
    /// `GET /v1/usage`).
    func usageToday(_ call: inout APICall) async throws -> Response {
        let records = try await meteringDesk().usageToday()
        var json = JSONWriter(capacity: 256 + records.count * 320)
        json.beginObject()
        json.key("records")
        json.beginArray()
        for record in records { record.write(to: &json) }
        json.endArray()
        json.endObject()
        return JSONResponse.bytes(json.bytes)
    }

    /// The metering port; a server built without one answers 503 on the rental endpoints.
    func meteringDesk() throws -> any MeteringDesk {
        guard let desk = services.metering else { throw Problem.unavailable("rental metering is not available on this server") }
        return desk
    }
}
