import Synchronization

/// A block of whole lines of one file, handed from the reading thread to a parsing thread.
///
/// Ownership moves with the chunk: once handed out, the reader never touches the buffer again,
/// which is what makes the unchecked `Sendable` sound.
public final class Chunk: @unchecked Sendable {
    /// Position of the chunk in its file (0, 1, 2, …), for putting results back in order.
    public let sequence: Int
    /// 1-based number of the first line in the decompressed file.
    public let firstLine: Int
    /// Number of lines in the chunk (the last may lack its `\n` at the end of the file).
    public let lineCount: Int
    let storage: UnsafeMutablePointer<UInt8>
    let capacity: Int
    public let count: Int
    /// For JSON-array input: each element's bytes and the line it starts on, instead of lines.
    let elements: [(range: Range<Int>, line: Int)]?
    /// Where each line's `\n` is, when the chunker found them while counting the lines (nil:
    /// `forEachLine` finds them itself). Saves the parsing threads a second search.
    let newlines: [Int32]?
    /// Where the buffer goes back when the chunk is done with (nil: it is freed).
    private let pool: ChunkBufferPool?

    init(sequence: Int, firstLine: Int, lineCount: Int, storage: UnsafeMutablePointer<UInt8>, capacity: Int, count: Int,
         elements: [(range: Range<Int>, line: Int)]? = nil, newlines: [Int32]? = nil, pool: ChunkBufferPool? = nil) {
        self.newlines = newlines
        self.sequence = sequence
        self.firstLine = firstLine
        self.lineCount = lineCount
        self.storage = storage
        self.capacity = capacity
        self.count = count
        self.elements = elements
        self.pool = pool
    }

    deinit {
        if let pool { pool.giveBack(storage) } else { storage.deallocate() }
    }

    /// The chunk's bytes.
    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    /// Calls `body` for each line (without `\n`, and without a `\r` before it) with its number;
    /// for JSON-array input, for each element with the line it starts on.
    @inline(__always)
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        let all = bytes
        if let elements {
            for element in elements { body(UnsafeBufferPointer(rebasing: all[element.range]), element.line) }
            return
        }
        var start = 0
        var number = firstLine
        if let newlines {
            for offset in newlines {
                let newline = Int(offset)
                var end = newline
                if end > start && all[end - 1] == ASCII.cr { end -= 1 }
                body(UnsafeBufferPointer(rebasing: all[start..<end]), number)
                number += 1
                start = newline + 1
            }
        }
        while start < all.count {
            let newline = all.firstIndex(of: ASCII.lf, from: start) ?? all.count
            var end = newline
            if end > start && all[end - 1] == ASCII.cr { end -= 1 }
            body(UnsafeBufferPointer(rebasing: all[start..<end]), number)
            number += 1
            start = newline + 1
        }
    }
}

/// Chunk buffers of one size, handed back by parsed chunks and reused by the chunker.
///
/// A day's gigabytes pass through a few megabytes of buffers: without reuse each chunk's buffer
/// is fresh memory, which the kernel must map and zero page by page as the next chunk is
/// written into it, and which the allocator gives back to the kernel when the chunk is freed.
final class ChunkBufferPool: Sendable {
    let capacity: Int
    /// Buffers kept at most; more are freed (a chunk in flight per parsing thread, and a few).
    let limit: Int
    private let free = Mutex<[UInt]>([])

    init(capacity: Int, limit: Int = 8) {
        self.capacity = capacity
        self.limit = limit
    }

    deinit {
        free.withLock { buffers in
            for address in buffers { UnsafeMutablePointer<UInt8>(bitPattern: address)?.deallocate() }
        }
    }

    /// A buffer of `capacity` bytes (contents unspecified).
    func take() -> UnsafeMutablePointer<UInt8> {
        if let address = free.withLock({ $0.popLast() }), let buffer = UnsafeMutablePointer<UInt8>(bitPattern: address) {
            return buffer
        }
        return .allocate(capacity: capacity)
    }

    /// Keeps `buffer` for a later `take`, or frees it when enough are kept.
    func giveBack(_ buffer: UnsafeMutablePointer<UInt8>) {
        let kept = free.withLock { buffers -> Bool in
            guard buffers.count < limit else { return false }
            buffers.append(UInt(bitPattern: buffer))
            return true
        }
        if !kept { buffer.deallocate() }
    }
}

/// Something the chunker noticed about a line it did not put into any chunk.
public enum ChunkerEvent: Sendable, Equatable {
    /// Line `line` was longer than the cap and was dropped.
    case lineTooLong(line: Int, length: Int)
    /// The stream was damaged and line `line` was cut short by the damage (dropped).
    case cutByDamage(line: Int)
}

/// Splits a byte stream into chunks of whole lines (about `chunkSize` bytes each), numbering lines.
///
/// Memory stays bounded whatever the file size: one chunk being filled, at most `maxLineLength`
/// bytes of a pending line, and a line longer than `maxLineLength` is skipped without being held.
public final class LineChunker {
    public static let defaultMaxLineLength = 1 << 20

    private let source: ByteSource
    private let chunkSize: Int
    private let readSize: Int
    public let maxLineLength: Int
    private let capacity: Int

    private var buffer: UnsafeMutablePointer<UInt8>
    private let pool: ChunkBufferPool
    private var filled = 0
    private var nextLine = 1
    private var sequence = 0
    private var sourceEnded = false
    /// Inside a too-long line: bytes are dropped until its newline.
    private var skipping = false
    private var skippedLength = 0

    /// Lines dropped by the chunker (too long, cut by damage), in file order.
    public private(set) var events: [ChunkerEvent] = []
    /// Lines seen so far, including dropped ones.
    public var linesSeen: Int { nextLine - 1 }

    public init(source: ByteSource, chunkSize: Int = 1 << 20, maxLineLength: Int = LineChunker.defaultMaxLineLength, readSize: Int = 256 * 1024) {
        self.source = source
        self.chunkSize = max(1, chunkSize)
        self.maxLineLength = max(1, maxLineLength)
        self.readSize = max(1, readSize)
        // Room for a full chunk, or a full pending line, plus one more read.
        capacity = max(self.chunkSize, self.maxLineLength + 1) + self.readSize
        pool = ChunkBufferPool(capacity: capacity)
        buffer = pool.take()
    }

    deinit { pool.giveBack(buffer) }

    /// Reads once into the free space; returns false at the end of the source.
    private func readMore() throws(InputError) -> Bool {
        if sourceEnded { return false }
        let room = min(readSize, capacity - filled)
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + filled, count: room))
        if n == 0 {
            sourceEnded = true
            return false
        }
        filled += n
        return true
    }

    private func lastNewline(in range: Range<Int>) -> Int? {
        guard let i = UnsafeBufferPointer(start: buffer + range.lowerBound, count: range.count).lastIndex(of: ASCII.lf) else { return nil }
        return range.lowerBound + i
    }

    private func firstNewline(in range: Range<Int>) -> Int? {
        guard !range.isEmpty,
              let i = UnsafeBufferPointer(start: buffer + range.lowerBound, count: range.count).firstIndex(of: ASCII.lf, from: 0)
        else { return nil }
        return range.lowerBound + i
    }

    /// The offsets of the `\n`s among the first `count` bytes (memchr-driven).
    private func newlines(_ count: Int) -> [Int32] {
        let bytes = UnsafeBufferPointer(start: buffer, count: count)
        var offsets: [Int32] = []
        offsets.reserveCapacity(count / 256 + 16)
        var at = 0
        while let hit = bytes.firstIndex(of: ASCII.lf, from: at) {
            offsets.append(Int32(hit))
            at = hit + 1
        }
        return offsets
    }

    /// Moves the first `count` bytes out as a chunk holding `lines` lines, whose `\n`s are at
    /// `newlines` when known.
    private func emit(count: Int, lines: Int, newlines: [Int32]? = nil) -> Chunk {
        let fresh = pool.take()
        let rest = filled - count
        if rest > 0 { fresh.update(from: buffer + count, count: rest) }
        let chunk = Chunk(sequence: sequence, firstLine: nextLine, lineCount: lines, storage: buffer, capacity: capacity, count: count,
                          newlines: newlines, pool: pool)
        buffer = fresh
        filled = rest
        sequence += 1
        nextLine += lines
        return chunk
    }

    /// The next chunk of whole lines, or nil at the end of the input.
    public func next() throws(InputError) -> Chunk? {
        while true {
            if skipping {
                if let newline = UnsafeBufferPointer(start: buffer, count: filled).firstIndex(of: ASCII.lf, from: 0) {
                    skippedLength += newline
                    events.append(.lineTooLong(line: nextLine, length: skippedLength))
                    nextLine += 1
                    let rest = filled - newline - 1
                    if rest > 0 { buffer.update(from: buffer + newline + 1, count: rest) }
                    filled = rest
                    skipping = false
                    skippedLength = 0
                } else {
                    skippedLength += filled
                    filled = 0
                    if try !readMore() {
                        events.append(.lineTooLong(line: nextLine, length: skippedLength))
                        nextLine += 1
                        skipping = false
                        return nil
                    }
                    continue
                }
            }
            // Fill up to the chunk size (or the end of the source), then cut after the last
            // newline within the first `chunkSize` bytes, or, when a line is longer than that,
            // after the first newline past them. The cut depends on the content only, never on
            // how many bytes each read returned (plain and gzip files, pipes): results that are
            // reckoned per chunk, such as linking a tagging response to its request, come out the
            // same however the file is stored.
            while filled < chunkSize, try readMore() {}
            let window = min(filled, chunkSize)
            if let newline = lastNewline(in: 0..<window) ?? firstNewline(in: window..<filled) {
                let count = newline + 1
                guard count <= Int(Int32.max) else {
                    return emit(count: count, lines: UnsafeBufferPointer(start: buffer, count: count).count(of: ASCII.lf))
                }
                let offsets = newlines(count)
                return emit(count: count, lines: offsets.count, newlines: offsets)
            }
            // No newline in what we hold.
            if filled == 0 && sourceEnded { return nil }
            if sourceEnded {
                // The last line has no newline.
                if source.damage != nil {
                    events.append(.cutByDamage(line: nextLine))
                    nextLine += 1
                    filled = 0
                    return nil
                }
                return emit(count: filled, lines: 1)
            }
            if filled > maxLineLength {
                skipping = true
                continue
            }
            // A long line still within the cap: keep reading until its newline.
            guard try readMore() else { continue }
        }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// How many times `byte` occurs (memchr-driven).
    func count(of byte: UInt8) -> Int {
        var n = 0
        var at = 0
        while let hit = firstIndex(of: byte, from: at) {
            n += 1
            at = hit + 1
        }
        return n
    }
}
