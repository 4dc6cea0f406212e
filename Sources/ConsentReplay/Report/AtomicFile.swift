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
