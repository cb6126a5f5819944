import CareGateCore
import Hummingbird

/// An API error as an RFC 9457 problem document (`application/problem+json`):
/// `{"type", "title", "status", "detail"}`, with a sentence in `detail` that tells the caller what
/// to do about it.
///
/// Every failure the API returns is one of these. Errors from the rest of CareGate are mapped to
/// problems here, at the HTTP edge, and nowhere else.
public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// A short stable identifier; the document's `type` is `urn:caregate:problem:<slug>`.
    public var slug: String
    public var title: String
    public var detail: String
    /// Extra response headers (`WWW-Authenticate` on 401).
    public var headers: HTTPFields

    public init(status: HTTPResponse.Status, slug: String, title: String, detail: String, headers: HTTPFields = [:]) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.headers = headers
    }

    public var type: String { "urn:caregate:problem:" + slug }

    public var description: String { "\(status.code) \(slug): \(detail)" }

    // MARK: The problems the API returns

    public static func badRequest(_ detail: String) -> Problem {
        Problem(status: .badRequest, slug: "bad-request", title: "The request is not valid", detail: detail)
    }

    /// No usable token. `invalidToken` distinguishes a token that was given but is unknown.
    public static func unauthorized(_ detail: String, invalidToken: Bool = false) -> Problem {
        let challenge = invalidToken ? #"Bearer realm="caregate", error="invalid_token""# : #"Bearer realm="caregate""#
        return Problem(
            status: .unauthorized, slug: "unauthorized", title: "Authentication required", detail: detail,
            headers: [.wwwAuthenticate: challenge])
    }

    public static func forbidden(_ detail: String) -> Problem {
        Problem(status: .forbidden, slug: "forbidden", title: "Not allowed for this consumer", detail: detail)
    }

    public static func notFound(_ detail: String) -> Problem {
        Problem(status: .notFound, slug: "not-found", title: "Not found", detail: detail)
    }

    public static func conflict(_ detail: String) -> Problem {
        Problem(status: .conflict, slug: "conflict", title: "Conflicts with the current state", detail: detail)
    }

    public static func contentTooLarge(limit: Int) -> Problem {
        Problem(
            status: .contentTooLarge, slug: "content-too-large", title: "Request body too large",
            detail: "the request body exceeds \(limit) bytes (http.max_body_bytes)")
    }

    public static func unavailable(_ detail: String) -> Problem {
        Problem(status: .serviceUnavailable, slug: "unavailable", title: "Temporarily unavailable", detail: detail)
    }

    /// An unexpected failure; the detail stays generic (the cause is logged, not sent).
    public static func internalError() -> Problem {
        Problem(
            status: .internalServerError, slug: "internal", title: "Internal error",
            detail: "the gateway could not complete the request; its log has the cause")
    }

    // MARK: Rendering

    /// The problem document as JSON.
    public var json: [UInt8] {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("type"); json.value(type)
        json.key("title"); json.value(title)
        json.key("status"); json.value(status.code)
        json.key("detail"); json.value(detail)
        json.endObject()
        return json.bytes
    }

    /// The HTTP response carrying the problem.
    public var response: Response {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: json)))
    }
}
