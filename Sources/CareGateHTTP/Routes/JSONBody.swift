import Foundation

/// Decodes request bodies (small, rare: acknowledgements, commits, registry changes) with
/// Foundation's decoder, and explains a mismatch by the field's name instead of the decoder's
/// internal wording.
enum JSONBody {
    static func decode<Body: Decodable>(_ type: Body.Type, from data: Data) throws -> Body {
        guard !data.isEmpty else { throw Problem.badRequest("the request needs a JSON body") }
        let body: Body
        do {
            body = try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw Problem.badRequest(explain(error))
        }
        if let closed = type as? any ClosedBody.Type,
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let unknown = object.keys.filter({ !closed.fields.contains($0) }).sorted().first {
            throw Problem.badRequest("unknown field '\(unknown)'; this body takes \(closed.fields.sorted().joined(separator: ", "))")
        }
        return body
    }

    static func explain(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "the body is missing the field \(path(context.codingPath + [key]))"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "field \(path(context.codingPath)) must be \(describe(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            return "field \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "the body does not have the expected shape"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int64.Type, is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}
