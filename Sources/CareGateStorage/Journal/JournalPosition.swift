/// A place in the ingest journal: a segment number and a byte offset inside it.
///
/// Positions are totally ordered (segment first, then offset). The bulk writer commits the
/// position it has covered in the same SQLite transaction as the rows, so after a crash the
/// gateway knows exactly where to resume.
public struct JournalPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var segment: UInt64
    public var offset: UInt32

    public init(segment: UInt64, offset: UInt32) {
        self.segment = segment
        self.offset = offset
    }

    /// The start of a journal that has never been written.
    public static let origin = JournalPosition(segment: 0, offset: 0)

    public static func < (lhs: JournalPosition, rhs: JournalPosition) -> Bool {
        (lhs.segment, lhs.offset) < (rhs.segment, rhs.offset)
    }

    public var description: String { "\(segment):\(offset)" }

    /// Packs the position into one word so it can be published through a single atomic.
    var packed: UInt64 { segment << 32 | UInt64(offset) }

    init(packed: UInt64) {
        self.init(segment: packed >> 32, offset: UInt32(truncatingIfNeeded: packed))
    }
}
