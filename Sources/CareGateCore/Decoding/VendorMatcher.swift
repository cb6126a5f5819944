/// A list of vendor values laid out for matching without retains or allocation: all their bytes
/// in one array, their numeric and boolean readings beside it.
///
/// Matching a payload value against an enumeration happens for most fields of most messages; a
/// loop over `[VendorValue]` would copy each element (and retain its strings and arrays), which
/// showed up as a large share of decoding time.
struct VendorMatcher: Sendable {
    private let blob: [UInt8]
    private let spans: [Range<Int>]
    /// NaN where the value is not a number.
    private let numbers: [Double]
    /// 0 false, 1 true, 2 neither.
    private let booleans: [UInt8]

    init(_ values: [VendorValue]) {
        var blob: [UInt8] = []
        var spans: [Range<Int>] = []
        for value in values {
            spans.append(blob.count..<(blob.count + value.bytes.count))
            blob += value.bytes
        }
        self.blob = blob
        self.spans = spans
        numbers = values.map { $0.number ?? .nan }
        booleans = values.map { $0.boolean.map { $0 ? 1 : 0 } ?? 2 }
    }

    var isEmpty: Bool { spans.isEmpty }

    /// The index of the first value equal to the token at `index` (see `VendorValue`).
    func firstIndex(matching tape: JSONTape, _ index: Int) -> Int? {
        switch tape.kind(index) {
        case .string:
            if tape[index].flag { return tape.unescapedBytes(index).withUnsafeBytes { firstIndex(of: $0) } }
            return firstIndex(of: tape.rawBytes(index))
        case .number:
            guard let number = tape.number(index) else { return nil }
            return numbers.firstIndex(of: number)
        case .bool:
            return booleans.firstIndex(of: tape[index].flag ? 1 : 0)
        case .null, .object, .array:
            return nil
        }
    }

    /// The index of the first value whose bytes equal `bytes`.
    func firstIndex(of bytes: UnsafeRawBufferPointer) -> Int? {
        blob.withUnsafeBytes { blob in
            for (index, span) in spans.enumerated() where span.count == bytes.count {
                if memcmpEqual(UnsafeRawBufferPointer(rebasing: blob[span]), bytes) { return index }
            }
            return nil
        }
    }
}
