import Foundation

/// Writes output files so a reader never sees half of one: a temporary file in the same
/// directory, flushed, then renamed over the target.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ data: [UInt8], to path: String) throws(WriteError) {
        let writer = try Writer(path: path)
        try writer.append(data)
        try writer.commit()
    }

    /// Writes a file piece by piece into a temporary file beside it, then renames it into place
    /// (`commit`): readers never see half a file, and a large report is never held whole in
    /// memory. Dropped without `commit`, the temporary file is removed.
    public final class Writer {
        public let path: String
        private let temporary: String
        private var fd: Int32
        private var buffer: [UInt8] = []
        private static let flushSize = 1 << 20
        /// Bytes written so far, and how many of them the system has been asked to start
        /// writing back to the disk.
        private var written: Int64 = 0
        private var writebackRequested: Int64 = 0
        /// A report of hundreds of megabytes (a day's `findings.jsonl`) would otherwise be
        /// written back whole by the `fsync` of `commit`, at the end of the longest job of the
        /// report phase; asked for every few megabytes, the disk writes while the rest is made.
        private static let writebackStep: Int64 = 8 << 20

        public init(path: String) throws(WriteError) {
            self.path = path
            let directory = (path as NSString).deletingLastPathComponent
            let name = (path as NSString).lastPathComponent
            temporary = (directory.isEmpty ? "." : directory) + "/.\(name).tmp-\(getpid())"
            fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
            buffer.reserveCapacity(Self.flushSize + 4096)
        }

        deinit {
            if fd >= 0 {
                close(fd)
                unlink(temporary)
            }
        }

        public func append(_ text: String) throws(WriteError) {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= Self.flushSize { try flush() }
        }

        public func append(_ bytes: [UInt8]) throws(WriteError) {
            buffer.append(contentsOf: bytes)
            if buffer.count >= Self.flushSize { try flush() }
        }

        private func flush() throws(WriteError) {
            var offset = 0
            var failure: String?
            buffer.withUnsafeBytes { raw in
                while offset < raw.count, let base = raw.baseAddress {
                    let n = Foundation.write(fd, base + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = String(cString: strerror(errno))
                        return
                    }
                    offset += n
                }
            }
            buffer.removeAll(keepingCapacity: true)
            if let failure { throw WriteError(path: path, reason: failure) }
            written += Int64(offset)
            if written - writebackRequested >= Self.writebackStep {
                Writeback.start(fd, from: writebackRequested, count: written - writebackRequested)
                writebackRequested = written
            }
        }

        /// Flushes, syncs and renames the file into place.
        public func commit() throws(WriteError) {
            try flush()
            if fsync(fd) != 0 { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
            close(fd)
            fd = -1
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw WriteError(path: path, reason: reason)
            }
        }
    }

    /// Linux's `sync_file_range(fd, offset, count, SYNC_FILE_RANGE_WRITE)`: starts writing a
    /// range of a file's dirty pages back to the disk and returns without waiting. Looked up
    /// at run time (Swift's Glibc module does not declare it); where the C library has none it
    /// does nothing. Only a head start: `commit`'s `fsync` still makes the file durable, so
    /// its result is not needed.
    enum Writeback {
        private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
        private static let syncFileRange: SyncFileRange? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range")
            .map { unsafeBitCast($0, to: SyncFileRange.self) }
        /// `SYNC_FILE_RANGE_WRITE` of `<fcntl.h>`.
        private static let write: UInt32 = 2

        static var isAvailable: Bool { syncFileRange != nil }

        static func start(_ fd: Int32, from offset: Int64, count: Int64) {
            _ = syncFileRange?(fd, offset, count, write)
        }
    }

    public static func write(_ text: String, to path: String) throws(WriteError) {
        try write(Array(text.utf8), to: path)
    }

    /// Creates `directory` (and parents) when missing.
    public static func makeDirectory(_ directory: String) throws(WriteError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: directory, reason: "cannot create directory (\(error.localizedDescription))")
        }
    }
}
