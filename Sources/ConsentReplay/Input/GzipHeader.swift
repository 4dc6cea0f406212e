import CIsal

/// Reads a gzip member header (RFC 1952 §2.3) from bytes that may arrive a few at a time.
///
/// The header is read here rather than by ISA-L because ISA-L 2.30 rejects a valid FHCRC header
/// (a CRC-16 of the header) when the header is split across input blocks. The fields are skipped:
/// the tool needs none of them, only to find where the deflate data starts.
struct GzipHeaderReader {
    enum Outcome: Equatable {
        /// All bytes offered were header; offer more.
        case needMore
        /// The header ended after this many of the bytes offered.
        case complete(used: Int)
        /// Not a valid gzip header (the reason, for the damage report).
        case invalid(String)
    }

    /// The header's parts in the RFC's order; all but `fixed` are optional.
    private enum Part: Int { case fixed, extraLength, extra, name, comment, headerCRC, done }

    private static let fhcrc: UInt8 = 0x02, fextra: UInt8 = 0x04, fname: UInt8 = 0x08, fcomment: UInt8 = 0x10
    private var part = Part.fixed
    /// Bytes of the current fixed-size part seen so far (ID1 … OS, XLEN, the CRC-16).
    private var held: [UInt8] = []
    private var flags: UInt8 = 0
    private var extraLeft = 0
    /// CRC-32 of the header bytes so far, for FHCRC.
    private var crc: UInt32 = 0

    /// Takes header bytes from the start of `bytes`.
    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        var i = 0
        while part != .done {
            guard i < bytes.count else { return .needMore }
            switch part {
            case .fixed, .extraLength, .headerCRC:
                let need = part == .fixed ? 10 : 2
                let take = min(need - held.count, bytes.count - i)
                held.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + take)]))
                i += take
                guard held.count == need else { return .needMore }
                if let problem = finishFixedPart() { return .invalid(problem) }
                held.removeAll(keepingCapacity: true)
                advance()
            case .extra:
                let take = min(extraLeft, bytes.count - i)
                addToCRC(UnsafeBufferPointer(rebasing: bytes[i..<(i + take)]))
                extraLeft -= take
                i += take
                if extraLeft == 0 { advance() }
            case .name, .comment:
                // A zero-terminated ISO 8859-1 string.
                let start = i
                while i < bytes.count && bytes[i] != 0 { i += 1 }
                let ended = i < bytes.count
                if ended { i += 1 }
                addToCRC(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                if ended { advance() }
            case .done:
                break
            }
        }
        return .complete(used: i)
    }

    /// Checks a fixed-size part once all its bytes are held; nil when it is good.
    private mutating func finishFixedPart() -> String? {
        switch part {
        case .fixed:
            guard held[0] == 0x1f, held[1] == 0x8b else { return "not a gzip member (bad magic)" }
            guard held[2] == 8 else { return "compression method \(held[2]) is not deflate" }
            flags = held[3]
            guard flags & 0xe0 == 0 else { return "reserved header flags set (0x\(String(flags, radix: 16)))" }
        case .extraLength:
            extraLeft = Int(held[0]) | Int(held[1]) << 8
        case .headerCRC:
            let stored = UInt32(held[0]) | UInt32(held[1]) << 8
            return stored == crc & 0xffff ? nil : "header CRC-16 does not match"
        case .extra, .name, .comment, .done:
            return nil
        }
        held.withUnsafeBufferPointer { addToCRC($0) }
        return nil
    }

    /// Moves to the next part the flags call for.
    private mutating func advance() {
        while let next = Part(rawValue: part.rawValue + 1) {
            part = next
            switch next {
            case .extraLength: if flags & Self.fextra != 0 { return }
            case .extra: if extraLeft > 0 { return }
            case .name: if flags & Self.fname != 0 { return }
            case .comment: if flags & Self.fcomment != 0 { return }
            case .headerCRC: if flags & Self.fhcrc != 0 { return }
            case .fixed, .done: return
            }
        }
    }

    private mutating func addToCRC(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard flags & Self.fhcrc != 0, let base = bytes.baseAddress, !bytes.isEmpty else { return }
        crc = crc32_gzip_refl(crc, base, UInt64(bytes.count))
    }
}
