#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A stream of bytes: a file, standard input, or the decompressed content of either.
public protocol ByteSource: AnyObject {
    /// Fills up to `buffer.count` bytes; returns how many, 0 at the end of the stream.
    /// Throws only when the underlying file cannot be read any more (an I/O error).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
    /// Damage found in the stream (a gzip problem), reported after the source has ended.
    var damage: StreamDamage? { get }
}

/// What went wrong inside a compressed stream; everything before it was delivered.
public enum StreamDamage: Sendable, Equatable {
    /// The input ended inside a gzip member.
    case truncated
    /// The compressed data is invalid (zlib's message).
    case corrupt(String)
    /// Bytes after the last gzip member that are not another member (ignored, like `gzip -dc`).
    case trailingGarbage(bytes: Int)

    public var summary: String {
        switch self {
        case .truncated: return "gzip data ends inside a member (truncated file)"
        case .corrupt(let message): return "gzip data is corrupt: \(message)"
        case .trailingGarbage(let n): return "\(n) bytes of trailing garbage after the last gzip member ignored"
        }
    }
}

/// Counts raw bytes taken from disk, for the progress bar; shared across threads.
public final class ByteCounter: Sendable {
    private let value = Atomic<Int>(0)
    public init() {}
    public func add(_ n: Int) { value.add(n, ordering: .relaxed) }
    public var total: Int { value.load(ordering: .relaxed) }
}

/// Reads a file descriptor with read(2).
public final class FileDescriptorSource: ByteSource {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private let path: String
    private let counter: ByteCounter?
    public var damage: StreamDamage? { nil }

    /// Opens `path` for reading, or wraps standard input for `-`.
    public init(path: String, counter: ByteCounter? = nil) throws(InputError) {
        self.path = path
        self.counter = counter
        if path == "-" {
            fd = 0
            ownsDescriptor = false
        } else {
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else {
                throw InputError(path: path, reason: String(cString: strerror(errno)))
            }
            fd = opened
            ownsDescriptor = true
        }
    }

    deinit { if ownsDescriptor { close(fd) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 {
                counter?.add(n)
                return n
            }
            if errno == EINTR { continue }
            throw InputError(path: path, reason: "read error: " + String(cString: strerror(errno)))
        }
    }
}

/// Bytes held in memory (tests, and the replay of a peeked prefix).
public final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    private let maxRead: Int
    public var damage: StreamDamage? { nil }

    /// `maxRead` caps every read, to exercise callers with small reads.
    public init(_ bytes: [UInt8], maxRead: Int = .max) {
        self.bytes = bytes
        self.maxRead = max(1, maxRead)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let n = min(buffer.count, bytes.count - offset, maxRead)
        guard n > 0, let dst = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { src in
            if let s = src.baseAddress { dst.copyMemory(from: s + offset, byteCount: n) }
        }
        offset += n
        return n
    }
}

/// Gives back a prefix that was read ahead, then continues with the rest of the source.
final class PrefixedSource: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private let rest: ByteSource
    var damage: StreamDamage? { rest.damage }

    init(prefix: [UInt8], rest: ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if offset < prefix.count {
            let n = min(buffer.count, prefix.count - offset)
            guard let dst = buffer.baseAddress else { return 0 }
            prefix.withUnsafeBytes { src in
                if let s = src.baseAddress { dst.copyMemory(from: s + offset, byteCount: n) }
            }
            offset += n
            if offset == prefix.count { prefix = [] ; offset = Int.max }
            return n
        }
        return try rest.read(into: buffer)
    }
}

/// Opens an input and undoes gzip when its first bytes are the gzip magic (RFC 1952 §2.3.1:
/// ID1 = 0x1f, ID2 = 0x8b), whatever the file is called.
public enum InputOpener {
    public struct Opened {
        public let source: ByteSource
        public let compressed: Bool
    }

    public static func open(_ file: InputFile, counter: ByteCounter? = nil) throws(InputError) -> Opened {
        let raw = try FileDescriptorSource(path: file.displayPath, counter: counter)
        return try open(raw: raw, path: file.displayPath)
    }

    /// Sniffs the gzip magic on any raw source.
    public static func open(raw: ByteSource, path: String) throws(InputError) -> Opened {
        var head: [UInt8] = []
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 2, alignment: 1)
        defer { scratch.deallocate() }
        while head.count < 2 {
            let n = try raw.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[head.count..<2]))
            if n == 0 { break }
            head += scratch[head.count..<(head.count + n)]
        }
        let got = head.count
        let replay = PrefixedSource(prefix: head, rest: raw)
        if got == 2 && head[0] == 0x1f && head[1] == 0x8b {
            return Opened(source: try GzipSource(compressed: replay, path: path), compressed: true)
        }
        return Opened(source: replay, compressed: false)
    }
}
