import CareGateCore
import CareGateStorage
import Hummingbird
import Logging

/// The HTTP API for platforms and operators (Hummingbird): sync streams with cursors, alerts,
/// the registry, consumers, health, status and metrics. See `docs/openapi.yaml`.
///
/// Authentication and scope checks happen once, in `respond`, from each route's `Access`, so
/// a handler cannot forget them; every error leaves as a problem document.
public final class APIServer: Sendable {
    public let configuration: APIServerConfiguration
    let services: APIServices
    let streams = StreamShutdown()
    let logger: Logger

    public init(configuration: APIServerConfiguration, services: APIServices, logger: Logger) {
        self.configuration = configuration
        self.services = services
        self.logger = logger
    }

    /// A router with every route of `routes` and the problem middleware.
    public func makeRouter() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        // Outermost, so it counts the final status of every request; labels are route templates.
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware(maxBodyBytes: configuration.maxBodyBytes, logger: logger))
        for route in routes {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await self.respond(to: request, context: context, route: route)
            }
        }
        return router
    }

    /// Serves until the surrounding service group shuts down gracefully; `onBound` receives the
    /// port actually bound once the server listens.
    public func run(onBound: @escaping @Sendable (Int) async -> Void) async throws {
        let port = configuration.port
        let application = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: port)),
            onServerRunning: { channel in await onBound(channel.localAddress?.port ?? port) },
            logger: logger)
        try await application.run()
    }

    /// Ends SSE and NDJSON responses in progress, so a graceful shutdown does not wait for
    /// clients that never hang up. New streams end at once.
    public func closeStreams() {
        streams.close()
    }

    func respond(to request: Request, context: APIRequestContext, route: APIRoute) async throws -> Response {
        let caller = try authorize(route, request: request, context: context)
        var call = APICall(request: request, context: context, caller: caller, maxBodyBytes: configuration.maxBodyBytes)
        return try await route.handler(&call)
    }

    /// The consumer a route may be called by, from the request's bearer token.
    func authorize(_ route: APIRoute, request: Request, context: APIRequestContext) throws(Problem) -> APIConsumer? {
        let authorization = request.headers[.authorization]
        switch route.access {
        case .open:
            return nil
        case .loopbackOr(let scope):
            if context.fromLoopback { return nil }
            return try authorize(scope, consumer: try services.consumers.authenticate(authorization: authorization), route: route)
        case .anyConsumer:
            return try services.consumers.authenticate(authorization: authorization)
        case .scope(let scope):
            return try authorize(scope, consumer: try services.consumers.authenticate(authorization: authorization), route: route)
        }
    }

    private func authorize(_ scope: Scope, consumer: APIConsumer, route: APIRoute) throws(Problem) -> APIConsumer {
        guard consumer.allows(scope) else {
            let held = consumer.scopes.sorted().map(\.rawValue).joined(separator: ",")
            throw .forbidden("\(route.method) \(route.path) needs scope \(scope); consumer \(consumer.name) has \(held.isEmpty ? "none" : held)")
        }
        return consumer
    }
}
