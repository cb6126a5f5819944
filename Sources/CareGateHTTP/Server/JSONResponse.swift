import Foundation
import Hummingbird

/// JSON responses. Low-rate answers (status, registry, consumers) go through `JSONEncoder` with
/// sorted keys; the sync streams write their bytes with `JSONWriter` themselves.
enum JSONResponse {
    static func encode<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) throws -> Response {
        bytes(try json(value), status: status)
    }

    /// `value` as compact JSON with sorted keys.
    static func json<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
