import CareGateCore

/// Parses `json` into a fresh tape and hands it to `body` while the bytes are alive.
func withTape<R>(_ json: String, maxDepth: Int = 16, _ body: (JSONTape) throws -> R) throws -> R {
    var tape = JSONTape()
    return try Array(json.utf8).withUnsafeBytes { bytes in
        try tape.parse(bytes, maxDepth: maxDepth)
        return try body(tape)
    }
}

/// The failure parsing `bytes` raises, or nil if they parse.
func parseFailure(_ bytes: [UInt8], maxDepth: Int = 16) -> DecodeFailure? {
    var tape = JSONTape()
    return bytes.withUnsafeBytes { buffer in
        do throws(DecodeFailure) {
            try tape.parse(buffer, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }
}

func parseFailure(_ json: String, maxDepth: Int = 16) -> DecodeFailure? {
    parseFailure(Array(json.utf8), maxDepth: maxDepth)
}

/// The value of a JSON number literal through `JSONNumber`.
func numberValue(_ literal: String) -> Double? {
    Array(literal.utf8).withUnsafeBytes { JSONNumber.double($0) }
}

func integerValue(_ literal: String) -> Int64? {
    Array(literal.utf8).withUnsafeBytes { JSONNumber.int64($0) }
}
