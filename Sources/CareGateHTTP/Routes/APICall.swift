import Foundation
import Hummingbird

/// One request as a handler sees it: the request, who made it, and helpers that turn missing or
/// malformed input into 400 problems with a sentence naming the parameter.
struct APICall: Sendable {
    var request: Request
    let context: APIRequestContext
    /// The authenticated consumer; nil only on routes that do not require one.
    let caller: APIConsumer?
    let maxBodyBytes: Int

    /// The authenticated consumer of a route that requires one.
    func consumer() throws -> APIConsumer {
        guard let caller else { throw Problem.unauthorized("send the consumer's token as 'Authorization: Bearer <token>'") }
        return caller
    }

    /// A path parameter (`{id}`), percent-decoded.
    func parameter(_ name: String) throws -> String {
        guard let raw = context.parameters.get(name), let value = raw.removingPercentEncoding, !value.isEmpty else {
            throw Problem.badRequest("the path is missing its \(name)")
        }
        return value
    }

    /// A query parameter, if present.
    func query(_ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init)
    }

    /// An integer query parameter within `range`, or `fallback` when absent.
    func query(_ name: String, in range: ClosedRange<Int64>, default fallback: Int64?) throws -> Int64? {
        guard let text = query(name) else { return fallback }
        guard let value = Int64(text), range.contains(value) else {
            throw Problem.badRequest("query parameter \(name) must be an integer from \(range.lowerBound) to \(range.upperBound), found '\(text)'")
        }
        return value
    }

    /// `Last-Event-ID`: the `seq` of the last server-sent event a reconnecting client received.
    var lastEventID: String? {
        request.headers[.init("Last-Event-ID")!]
    }

    /// Whether the client asked for `mediaType` in `Accept` (as one of its listed types).
    func accepts(_ mediaType: String) -> Bool {
        guard let accept = request.headers[.accept] else { return false }
        return accept.split(separator: ",").contains { part in
            part.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == mediaType
        }
    }

    /// The JSON body decoded as `Body`; 413 beyond `http.max_body_bytes`, 400 with the field's
    /// name when it does not fit.
    mutating func body<Body: Decodable>(_ type: Body.Type) async throws -> Body {
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Problem.contentTooLarge(limit: maxBodyBytes)
        }
        return try JSONBody.decode(type, from: Data(buffer.readableBytesView))
    }
}
