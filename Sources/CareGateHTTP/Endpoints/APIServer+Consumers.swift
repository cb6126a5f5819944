import CareGateCore
import CareGateStorage
import Hummingbird

extension APIServer {
    /// `GET /v1/consumers`.
    func listConsumers(_ call: inout APICall) async throws -> Response {
        var views: [ConsumerView] = []
        for consumer in services.consumers.all { views.append(try await view(of: consumer)) }
        return try JSONResponse.encode(["consumers": views])
    }

    /// `POST /v1/consumers {"name","scopes":[...],"required"}`: 201 with the token, shown once.
    func createConsumer(_ call: inout APICall) async throws -> Response {
        let admin = try call.consumer()
        let request = try await call.body(ConsumerCreateRequest.self)
        var scopes: [Scope] = []
        for name in request.scopes {
            guard let scope = Scope(rawValue: name) else { throw Problem.badRequest(UnknownScope(name: name).description) }
            scopes.append(scope)
        }
        let (consumer, token) = try await services.consumers.add(
            name: request.name, scopes: scopes, required: request.required ?? false, actor: admin.name)
        logger.notice("consumer added", metadata: ["consumer": "\(consumer.name)", "by": "\(admin.name)"])
        return try JSONResponse.encode(ConsumerCreated(consumer: try await view(of: consumer), token: token), status: .created)
    }

    /// `GET /v1/consumers/{name}`: a consumer's cursors and lag; its own, or any for an admin.
    func showConsumer(_ call: inout APICall) async throws -> Response {
        let consumer = try named(call)
        return try JSONResponse.encode(try await view(of: consumer))
    }

    /// `DELETE /v1/consumers/{name}`: revokes an API-created consumer (its token stops working at once).
    func removeConsumer(_ call: inout APICall) async throws -> Response {
        let admin = try call.consumer()
        let name = try call.parameter("name")
        try await services.consumers.remove(name: name, actor: admin.name)
        logger.notice("consumer removed", metadata: ["consumer": "\(name)", "by": "\(admin.name)"])
        return Response(status: .noContent)
    }

    /// `POST /v1/consumers/{name}/commit {"stream","cursor"}`: durable progress. A consumer
    /// commits its own cursors (an admin anyone's), only for streams it may read, never past the
    /// stream's newest record, never backwards.
    func commit(_ call: inout APICall) async throws -> Response {
        let consumer = try named(call)
        let request = try await call.body(CommitRequest.self)
        guard let stream = SyncStream(rawValue: request.stream) else {
            throw Problem.badRequest("stream must be one of \(SyncStream.allCases.map(\.rawValue).joined(separator: ", ")), found '\(request.stream)'")
        }
        guard consumer.allows(Scope.reading(stream)) else {
            throw Problem.forbidden("consumer \(consumer.name) may not read \(stream) (needs \(Scope.reading(stream))), so it has no cursor there")
        }
        guard request.cursor >= 0 else { throw Problem.badRequest("cursor must not be negative") }
        let head = try await services.sync.head(stream)
        guard request.cursor <= head else {
            throw Problem.conflict("cursor \(request.cursor) is past the newest \(stream) record (\(head)); commit the seq of a record you received")
        }
        switch try await services.consumers.commit(consumer.name, stream: stream, cursor: request.cursor) {
        case .committed, .unchanged:
            break
        case .behind(let current):
            throw Problem.conflict("the \(stream) cursor of \(consumer.name) is already at \(current); cursors do not move back")
        case .unknownConsumer:
            throw Problem.notFound("no consumer named \(consumer.name)")
        }
        return try JSONResponse.encode(try await cursorView(consumer.name, stream: stream))
    }

    /// The consumer named in the path, if the caller may see it (itself, or any for an admin).
    private func named(_ call: APICall) throws -> APIConsumer {
        let caller = try call.consumer()
        let name = try call.parameter("name")
        guard caller.name == name || caller.isAdmin else {
            throw Problem.forbidden("consumer \(caller.name) may only read and commit its own cursors")
        }
        guard let consumer = caller.name == name ? caller : services.consumers.consumer(named: name) else {
            throw Problem.notFound("no consumer named \(name)")
        }
        return consumer
    }

    /// A consumer with its cursor and lag in every stream it may read.
    func view(of consumer: APIConsumer) async throws -> ConsumerView {
        var cursors: [CursorView] = []
        let committed = try await services.consumers.cursors(of: consumer.name)
        for stream in SyncStream.allCases where consumer.allows(Scope.reading(stream)) {
            let cursor = committed.first { $0.stream == stream.rawValue }
            cursors.append(try await cursorView(stream: stream, cursor: cursor))
        }
        return ConsumerView(
            name: consumer.name, scopes: consumer.scopes.sorted().map(\.rawValue), required: consumer.required,
            origin: consumer.origin.rawValue, createdAt: consumer.createdAt, cursors: cursors)
    }

    private func cursorView(_ name: String, stream: SyncStream) async throws -> CursorView {
        let cursor = try await services.consumers.cursors(of: name).first { $0.stream == stream.rawValue }
        return try await cursorView(stream: stream, cursor: cursor)
    }

    private func cursorView(stream: SyncStream, cursor: ConsumerCursor?) async throws -> CursorView {
        let position = cursor?.cursor ?? 0
        let head = try await services.sync.head(stream)
        let pendingSince = try await services.sync.oldestPending(stream, after: position)
        let lag = pendingSince.map { max(0, Double(services.clock.now() - $0) / 1000) } ?? 0
        return CursorView(
            stream: stream.rawValue, cursor: position, committedAt: cursor?.committedAt, head: head, pendingSince: pendingSince,
            lagSeconds: lag)
    }
}
