import CareGateCore
import Hummingbird

extension APIServer {
    /// `GET /v1/devices`.
    func listDevices(_ call: inout APICall) async throws -> Response {
        try JSONResponse.encode(["devices": services.registry.devices().sorted { $0.deviceId < $1.deviceId }])
    }

    /// `GET /v1/devices/{id}`.
    func showDevice(_ call: inout APICall) async throws -> Response {
        let id = try call.parameter("id")
        guard let device = services.registry.device(id: id) else { throw Problem.notFound("no device \(id) in the registry") }
        return try JSONResponse.encode(device)
    }

    /// `PUT /v1/devices/{id}`: creates or replaces a device, audited with the consumer's name.
    func saveDevice(_ call: inout APICall) async throws -> Response {
        let consumer = try call.consumer()
        let id = try call.parameter("id")
        if let problem = RegistryIdentifier.deviceIdProblem(id) { throw Problem.badRequest(problem) }
        let update = try await call.body(DeviceUpdate.self)
        if let ref = update.residentRef, let problem = RegistryIdentifier.residentRefProblem(ref) { throw Problem.badRequest(problem) }
        return try JSONResponse.encode(try await services.registry.saveDevice(id: id, update, actor: consumer.name))
    }

    /// `DELETE /v1/devices/{id}`: removes a device from the registry (its history stays).
    func removeDevice(_ call: inout APICall) async throws -> Response {
        let consumer = try call.consumer()
        let id = try call.parameter("id")
        guard services.registry.device(id: id) != nil else { throw Problem.notFound("no device \(id) in the registry") }
        try await services.registry.removeDevice(id: id, actor: consumer.name)
        return Response(status: .noContent)
    }

    /// `GET /v1/residents`.
    func listResidents(_ call: inout APICall) async throws -> Response {
        try JSONResponse.encode(["residents": services.registry.residents().sorted { $0.residentRef < $1.residentRef }])
    }

    /// `GET /v1/residents/{ref}`.
    func showResident(_ call: inout APICall) async throws -> Response {
        let ref = try call.parameter("ref")
        guard let resident = services.registry.resident(ref: ref) else { throw Problem.notFound("no resident \(ref) in the registry") }
        return try JSONResponse.encode(resident)
    }

    /// `PUT /v1/residents/{ref}`: creates or replaces a resident's care-plan flags, audited.
    func saveResident(_ call: inout APICall) async throws -> Response {
        let consumer = try call.consumer()
        let ref = try call.parameter("ref")
        if let problem = RegistryIdentifier.residentRefProblem(ref) { throw Problem.badRequest(problem) }
        let resident = try await call.body(ResidentUpdate.self).record(ref: ref)
        return try JSONResponse.encode(try await services.registry.saveResident(resident, actor: consumer.name))
    }
}
