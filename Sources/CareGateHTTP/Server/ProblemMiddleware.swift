import Hummingbird
import Logging

/// Turns every error a handler throws into a problem document: a `Problem` as it is, errors of
/// Hummingbird itself (an unknown path, a body over the limit) by their status, and anything
/// else as a 500 whose cause goes to the log, not to the caller.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let maxBodyBytes: Int
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return problem.response
        } catch let error as any HTTPResponseError {
            return Self.problem(for: error.status, request: request, maxBodyBytes: maxBodyBytes).response
        } catch {
            logger.error(
                "request failed", metadata: ["http.method": "\(request.method)", "http.path": "\(request.uri.path)", "error": "\(error)"])
            return Problem.internalError().response
        }
    }

    /// A problem for one of Hummingbird's own error statuses.
    static func problem(for status: HTTPResponse.Status, request: Request, maxBodyBytes: Int) -> Problem {
        switch status {
        case .notFound:
            .notFound("no endpoint \(request.method) \(request.uri.path); docs/openapi.yaml lists the API")
        case .contentTooLarge:
            .contentTooLarge(limit: maxBodyBytes)
        default:
            Problem(status: status, slug: "http-\(status.code)", title: status.reasonPhrase, detail: status.reasonPhrase)
        }
    }
}
