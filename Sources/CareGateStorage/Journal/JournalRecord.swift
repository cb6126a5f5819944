import CareGateCore

/// What the live processor decided about a journaled message, written into the record after it
/// was decoded and checked for duplicates. The bulk writer stores `process` records and skips
/// `duplicate` ones; `pending` only survives in records the gateway died holding.
public enum JournalDisposition: UInt8, Sendable {
    case pending = 0
    case process = 1
    case duplicate = 2
}

/// The on-disk layout of one journal record (little-endian, 8-byte aligned):
///
/// ```
///  0  u32 length of the whole record, padded to 8   (written last)
///  4  u32 CRC-32C of bytes 8..<length, the disposition byte counted as 0
///  8  i64 received at (ms since epoch)
/// 16  u8 qos, u8 retained, u8 disposition, u8 flags (bit 0: payload truncated)
/// 20  u16 topic length, u16 reserved
/// 24  u32 stored payload length, u32 original payload length
/// 32  topic bytes, payload bytes, zero padding
/// ```
enum JournalRecordLayout {
    static let headerSize = 32
    static let dispositionOffset = 18
    static let truncatedFlag: UInt8 = 1

    /// The padded size of a record holding `topicLength` + `payloadLength` bytes.
    static func size(topicLength: Int, payloadLength: Int) -> Int {
        (headerSize + topicLength + payloadLength + 7) & ~7
    }

    /// The CRC of a record body at `record` whose total length is `length`.
    static func checksum(_ record: UnsafeRawPointer, length: Int) -> UInt32 {
        let head = CRC32C.update(0, UnsafeRawBufferPointer(start: record + 8, count: dispositionOffset - 8))
        return CRC32C.update(head, UnsafeRawBufferPointer(start: record + dispositionOffset + 1, count: length - dispositionOffset - 1))
    }
}

/// A read-only view of one valid record inside a mapped segment. The buffers point into the
/// mapping: valid while the segment is mapped, i.e. until the writer retires it.
public struct JournalRecord: @unchecked Sendable {
    /// Where the record starts and where the next one begins.
    public let position: JournalPosition
    public let end: JournalPosition
    public let receivedAt: EpochMillis
    public let qos: UInt8
    public let retained: Bool
    public let disposition: JournalDisposition
    /// True when the payload was longer than the journal keeps; `payload` holds its beginning.
    public let truncated: Bool
    public let originalPayloadLength: Int
    public let topic: UnsafeRawBufferPointer
    public let payload: UnsafeRawBufferPointer

    /// The topic as a String.
    public var topicString: String { String(decoding: topic, as: UTF8.self) }

    /// Validates and reads the record at `offset` of a segment mapped at `base`; nil if the bytes
    /// there are not a complete record with a matching checksum (end of data, or torn by a crash).
    static func read(segment: UInt64, base: UnsafeMutableRawPointer, size: Int, offset: Int) -> JournalRecord? {
        let h = JournalRecordLayout.headerSize
        guard offset + h <= size else { return nil }
        let record = base + offset
        let length = Int(UInt32(littleEndian: record.loadUnaligned(as: UInt32.self)))
        guard length >= h, length & 7 == 0, offset + length <= size else { return nil }
        let topicLength = Int(UInt16(littleEndian: record.loadUnaligned(fromByteOffset: 20, as: UInt16.self)))
        let payloadLength = Int(UInt32(littleEndian: record.loadUnaligned(fromByteOffset: 24, as: UInt32.self)))
        guard h + topicLength + payloadLength <= length else { return nil }
        let stored = UInt32(littleEndian: record.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        guard stored == JournalRecordLayout.checksum(record, length: length) else { return nil }
        let flags = record.load(fromByteOffset: 19, as: UInt8.self)
        return JournalRecord(
            position: JournalPosition(segment: segment, offset: UInt32(offset)),
            end: JournalPosition(segment: segment, offset: UInt32(offset + length)),
            receivedAt: Int64(littleEndian: record.loadUnaligned(fromByteOffset: 8, as: Int64.self)),
            qos: record.load(fromByteOffset: 16, as: UInt8.self),
            retained: record.load(fromByteOffset: 17, as: UInt8.self) != 0,
            disposition: JournalDisposition(rawValue: record.load(fromByteOffset: 18, as: UInt8.self)) ?? .pending,
            truncated: flags & JournalRecordLayout.truncatedFlag != 0,
            originalPayloadLength: Int(UInt32(littleEndian: record.loadUnaligned(fromByteOffset: 28, as: UInt32.self))),
            topic: UnsafeRawBufferPointer(start: record + h, count: topicLength),
            payload: UnsafeRawBufferPointer(start: record + h + topicLength, count: payloadLength)
        )
    }

    /// Writes a record at `record`, which has room for `length` bytes. The checksum and the length
    /// word come last; a record torn by a crash mid-write fails its checksum and ends recovery.
    static func write(
        at record: UnsafeMutableRawPointer, length: Int, topic: UnsafeRawBufferPointer,
        payload: UnsafeRawBufferPointer, originalPayloadLength: Int, qos: UInt8, retained: Bool,
        receivedAt: EpochMillis
    ) {
        let h = JournalRecordLayout.headerSize
        record.storeBytes(of: receivedAt.littleEndian, toByteOffset: 8, as: Int64.self)
        record.storeBytes(of: qos, toByteOffset: 16, as: UInt8.self)
        record.storeBytes(of: retained ? 1 : 0, toByteOffset: 17, as: UInt8.self)
        record.storeBytes(of: JournalDisposition.pending.rawValue, toByteOffset: 18, as: UInt8.self)
        let truncated = payload.count < originalPayloadLength
        record.storeBytes(of: truncated ? JournalRecordLayout.truncatedFlag : 0, toByteOffset: 19, as: UInt8.self)
        record.storeBytes(of: UInt16(topic.count).littleEndian, toByteOffset: 20, as: UInt16.self)
        record.storeBytes(of: UInt16(0), toByteOffset: 22, as: UInt16.self)
        record.storeBytes(of: UInt32(payload.count).littleEndian, toByteOffset: 24, as: UInt32.self)
        record.storeBytes(of: UInt32(originalPayloadLength).littleEndian, toByteOffset: 28, as: UInt32.self)
        if let source = topic.baseAddress { (record + h).copyMemory(from: source, byteCount: topic.count) }
        if let source = payload.baseAddress {
            (record + h + topic.count).copyMemory(from: source, byteCount: payload.count)
        }
        let used = h + topic.count + payload.count
        if used < length { (record + used).initializeMemory(as: UInt8.self, repeating: 0, count: length - used) }
        record.storeBytes(of: JournalRecordLayout.checksum(record, length: length).littleEndian, toByteOffset: 4, as: UInt32.self)
        record.storeBytes(of: UInt32(length).littleEndian, toByteOffset: 0, as: UInt32.self)
    }
}
