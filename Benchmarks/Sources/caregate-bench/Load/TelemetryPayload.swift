/// Writes a native wearable telemetry message (contract.md's envelope) into a reusable buffer,
/// without allocating: the load generator must outrun the broker, so it cannot afford a String per
/// message. A typical payload is 150–160 bytes, like the ~155-byte messages quality.md's limits
/// were measured with:
///
///     {"ts":1763830123456,"seq":1234567,"props":{"heart_rate":72,"spo2":97,"skin_temp":33.4,
///      "steps":4521,"battery":81,"worn":true,"zone":"lounge","motion":"active"}}
///
/// Values stay inside every rule's normal band (heart rate 60–89, SpO2 95–99, battery ≥ 40), so
/// the load exercises decoding and rule evaluation without raising alerts.
struct TelemetryPayload {
    private(set) var bytes = [UInt8](repeating: 0, count: 256)
    private(set) var count = 0

    mutating func write(ts: Int64, seq: Int64) {
        count = 0
        let variant = Int((UInt64(seq) &* 11_400_714_819_323_198_485) >> 40)
        append("{\"ts\":")
        append(ts)
        append(",\"seq\":")
        append(seq)
        append(",\"props\":{\"heart_rate\":")
        append(Int64(60 + variant % 30))
        append(",\"spo2\":")
        append(Int64(95 + variant % 5))
        append(",\"skin_temp\":33.")
        append(Int64(variant % 10))
        append(",\"steps\":")
        append(Int64(seq % 20_000))
        append(",\"battery\":")
        append(Int64(40 + variant % 60))
        append(",\"worn\":true,\"zone\":\"lounge\",\"motion\":\"active\"}}")
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { source in
            for byte in source {
                bytes[count] = byte
                count += 1
            }
        }
    }

    private mutating func append(_ value: Int64) {
        var value = value
        if value == 0 {
            bytes[count] = UInt8(ascii: "0")
            count += 1
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let length = withUnsafeMutableBytes(of: &digits) { scratch -> Int in
            var length = 0
            while value > 0 {
                scratch[length] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                length += 1
            }
            return length
        }
        withUnsafeBytes(of: &digits) { scratch in
            for index in stride(from: length - 1, through: 0, by: -1) {
                bytes[count] = scratch[index]
                count += 1
            }
        }
    }
}
