import CareGateHTTP
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small client for the gateway's HTTP API, for the `caregate` commands: JSON in and out, the
/// bearer token on every request, and a failure's problem document turned into its sentence.
public struct APIClient: Sendable {
    public let baseURL: URL
    private let token: String

    public init(baseURL: URL, token: String) {
        self.baseURL = baseURL
        self.token = token
    }

    /// GET `path` (with its query) and decode the JSON answer.
    public func get<Answer: Decodable>(_ path: String, as type: Answer.Type) async throws -> Answer {
        try decode(type, from: try await send("GET", path))
    }

    /// POST a JSON body and decode the JSON answer.
    public func post<Body: Encodable, Answer: Decodable>(_ path: String, _ body: Body, as type: Answer.Type) async throws -> Answer {
        try decode(type, from: try await send("POST", path, body: try JSONEncoder().encode(body)))
    }

    /// DELETE `path`.
    public func delete(_ path: String) async throws {
        _ = try await send("DELETE", path)
    }

    /// Sends one request; a non-2xx answer throws `APIClientError` with the problem's detail.
    func send(_ method: String, _ path: String, body: Data? = nil) async throws -> Data {
        guard let url = URL(string: path, relativeTo: baseURL) else { throw APIClientError(status: 0, message: "bad API path \(path)") }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw APIClientError(
                status: 0, message: "cannot reach the gateway API at \(baseURL.absoluteString) (\(error.localizedDescription)); is caregated running?")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw APIClientError(status: status, message: Self.problemDetail(data) ?? "HTTP \(status)")
        }
        return data
    }

    private func decode<Answer: Decodable>(_ type: Answer.Type, from data: Data) throws -> Answer {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw APIClientError(status: 0, message: "unexpected answer from the gateway API: \(error)")
        }
    }

    /// The `detail` of a problem document.
    static func problemDetail(_ data: Data) -> String? {
        (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["detail"] as? String
    }
}

/// A request the API refused or could not be sent; `message` is the sentence to show.
public struct APIClientError: Error, CustomStringConvertible {
    /// The HTTP status, or 0 when there was no answer.
    public var status: Int
    public var message: String
    public var description: String { message }
}
