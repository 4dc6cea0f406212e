import CZlib

/// Decompresses a gzip stream (RFC 1952) with the system zlib, member after member.
///
/// - Multi-member files (logrotate's `delaycompress` + `cat a.gz b.gz`) are read to the end:
///   after each member's trailer, a following gzip magic starts the next member.
/// - Zero padding after the last member is ignored; other trailing bytes are ignored and reported,
///   as `gzip -dc` does.
/// - A stream that ends inside a member, or corrupt data, ends the output where the damage is and
///   sets `damage`; every byte before it has been delivered.
public final class GzipSource: ByteSource {
    private let input: ByteSource
    private let path: String
    private var stream = z_stream()
    private var inputBuffer: UnsafeMutablePointer<UInt8>
    private let inputCapacity = 256 * 1024
    private var inputEnded = false
    private var finished = false
    private var initialized = false
    /// True between the end of one member and the start of the next.
    private var betweenMembers = false
    public private(set) var damage: StreamDamage?

    public init(compressed input: ByteSource, path: String) throws(InputError) {
        self.input = input
        self.path = path
        inputBuffer = .allocate(capacity: inputCapacity)
        stream.next_in = nil
        stream.avail_in = 0
        guard czlib_inflate_init_gzip(&stream) == Z_OK else {
            inputBuffer.deallocate()
            throw InputError(path: path, reason: "zlib could not be initialised")
        }
        initialized = true
    }

    deinit {
        if initialized { inflateEnd(&stream) }
        inputBuffer.deallocate()
    }

    /// Reads more compressed bytes when zlib has consumed what it had. Returns false at the end.
    private func refill() throws(InputError) -> Bool {
        if stream.avail_in > 0 { return true }
        if inputEnded { return false }
        let n = try input.read(into: UnsafeMutableRawBufferPointer(start: inputBuffer, count: inputCapacity))
        if n == 0 {
            inputEnded = true
            return false
        }
        stream.next_in = inputBuffer
        stream.avail_in = UInt32(n)
        return true
    }

    /// After a member ended: decide whether another member follows.
    private func startNextMember() throws(InputError) -> Bool {
        // Need at least two bytes to see the magic; they may straddle a refill.
        guard try refill() else { return false }
        var first = stream.next_in[0]
        if stream.avail_in == 1 {
            // Keep the lone byte, read the next block behind it.
            inputBuffer[0] = first
            let n = inputEnded ? 0 : try input.read(into: UnsafeMutableRawBufferPointer(start: inputBuffer + 1, count: inputCapacity - 1))
            if n == 0 { inputEnded = true }
            stream.next_in = inputBuffer
            stream.avail_in = UInt32(1 + n)
            first = inputBuffer[0]
        }
        if stream.avail_in >= 2, first == 0x1f, stream.next_in[1] == 0x8b {
            inflateReset(&stream)
            return true
        }
        // Not a member: count what is left; all-zero padding is silently accepted.
        var garbage = 0
        var nonZero = false
        repeat {
            let n = Int(stream.avail_in)
            for i in 0..<n where stream.next_in[i] != 0 { nonZero = true; break }
            garbage += n
            stream.avail_in = 0
        } while try refill()
        if nonZero { damage = .trailingGarbage(bytes: garbage) }
        return false
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            if betweenMembers {
                guard try startNextMember() else {
                    finished = true
                    return 0
                }
                betweenMembers = false
            }
            _ = try refill()
            stream.next_out = out.assumingMemoryBound(to: UInt8.self)
            stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
            let status = inflate(&stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.avail_out)
            switch status {
            case Z_STREAM_END:
                betweenMembers = true
                if produced > 0 { return produced }
            case Z_OK:
                if produced > 0 { return produced }
            case Z_BUF_ERROR:
                // No progress possible: zlib needs input that is not there.
                if produced > 0 { return produced }
                if stream.avail_in == 0 && inputEnded {
                    damage = .truncated
                    finished = true
                    return 0
                }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                damage = .corrupt(message)
                finished = true
                return produced
            }
            if stream.avail_in == 0 && inputEnded && !betweenMembers {
                damage = .truncated
                finished = true
                return 0
            }
        }
    }
}
