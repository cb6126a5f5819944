import Hummingbird

/// One endpoint of the API: method, path template (`/v1/alerts/{id}`), who may call it, and
/// its handler. The server registers exactly the routes of `APIServer.routes`, and the OpenAPI
/// test checks that list against `docs/openapi.yaml`.
public struct APIRoute: Sendable {
    public let method: HTTPRequest.Method
    public let path: String
    public let access: Access
    let handler: @Sendable (inout APICall) async throws -> Response

    init(_ method: HTTPRequest.Method, _ path: String, _ access: Access, _ handler: @escaping @Sendable (inout APICall) async throws -> Response) {
        self.method = method
        self.path = path
        self.access = access
        self.handler = handler
    }
}
