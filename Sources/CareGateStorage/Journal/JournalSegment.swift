import CareGateCore
import Glibc

/// One journal file, pre-allocated and mapped `MAP_SHARED` read-write.
///
/// Stores into a shared file mapping land in the kernel's page cache, which survives the death of
/// the process: that is what makes a `memcpy` in the MQTT callback durable against `kill -9`
/// without a syscall. The file is `fallocate`d when created, so writing a mapped page can never
/// meet a full disk (which would raise SIGBUS instead of an error).
///
/// `@unchecked Sendable`: the mapping is written only by the journal's single producer thread
/// below its append offset, read by the bulk writer only below the published processed position,
/// and unmapped only after both have moved past it (see `IngestJournal`).
final class JournalSegment: @unchecked Sendable {
    static let headerSize = 64
    /// The file starts with the bytes `CGJRNL01`.
    private static let magic: UInt64 = 0x3130_4C4E_524A_4743

    let number: UInt64
    let path: String
    let size: Int
    let base: UnsafeMutableRawPointer
    private let descriptor: Int32

    private init(number: UInt64, path: String, size: Int, base: UnsafeMutableRawPointer, descriptor: Int32) {
        self.number = number
        self.path = path
        self.size = size
        self.base = base
        self.descriptor = descriptor
    }

    /// The file name of segment `number`: sortable hex, so a directory listing is in order.
    static func fileName(_ number: UInt64) -> String {
        let hex = String(number, radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex + ".journal"
    }

    /// The segment number of a journal file name, or nil for other files.
    static func number(ofFileName name: String) -> UInt64? {
        guard name.hasSuffix(".journal"), name.count == 24 else { return nil }
        return UInt64(name.prefix(16), radix: 16)
    }

    /// Creates, pre-allocates and maps a new segment file.
    static func create(directory: String, number: UInt64, size: Int, createdAt: EpochMillis) throws(JournalError) -> JournalSegment {
        let path = directory + "/" + fileName(number)
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError("create", path: path) }
        let status = posix_fallocate(fd, 0, off_t(size))
        guard status == 0 else {
            Glibc.close(fd)
            unlink(path)
            throw JournalError("allocate", path: path, code: status)
        }
        let segment = try map(fd: fd, path: path, number: number, size: size)
        segment.base.storeBytes(of: magic.littleEndian, toByteOffset: 0, as: UInt64.self)
        segment.base.storeBytes(of: number.littleEndian, toByteOffset: 8, as: UInt64.self)
        segment.base.storeBytes(of: createdAt.littleEndian, toByteOffset: 16, as: Int64.self)
        segment.base.storeBytes(of: UInt64(size).littleEndian, toByteOffset: 24, as: UInt64.self)
        return segment
    }

    /// Maps an existing segment file; nil if it is not a journal segment (wrong magic or size).
    static func openExisting(directory: String, number: UInt64) throws(JournalError) -> JournalSegment? {
        let path = directory + "/" + fileName(number)
        let fd = Glibc.open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw JournalError("open", path: path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = JournalError("stat", path: path)
            Glibc.close(fd)
            throw error
        }
        let size = Int(info.st_size)
        guard size > headerSize else {
            Glibc.close(fd)
            return nil
        }
        let segment = try map(fd: fd, path: path, number: number, size: size)
        let magicFound = UInt64(littleEndian: segment.base.load(as: UInt64.self))
        let numberFound = UInt64(littleEndian: segment.base.load(fromByteOffset: 8, as: UInt64.self))
        guard magicFound == magic, numberFound == number else {
            segment.unmap(deleting: false)
            return nil
        }
        return segment
    }

    private static func map(fd: Int32, path: String, number: UInt64, size: Int) throws(JournalError) -> JournalSegment {
        guard let address = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), address != MAP_FAILED else {
            let error = JournalError("map", path: path)
            Glibc.close(fd)
            throw error
        }
        return JournalSegment(number: number, path: path, size: size, base: address, descriptor: fd)
    }

    /// Writes the dirty pages of the mapping to disk and waits (bounds a power loss to the
    /// interval between syncs).
    func sync() {
        msync(base, size, MS_SYNC)
    }

    /// Releases the mapping some pages at a time as the writer consumes them, so long-lived
    /// segments do not keep the whole file resident in the process.
    func release(upTo offset: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = offset / page * page
        if end > 0 { madvise(base, end, MADV_DONTNEED) }
    }

    /// Unmaps the segment and closes its file, deleting it when asked.
    func unmap(deleting: Bool) {
        munmap(base, size)
        Glibc.close(descriptor)
        if deleting { unlink(path) }
    }
}
