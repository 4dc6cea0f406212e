import CByteScan

// String decoding, on demand.
//
// Fast path: a string without escapes is copied as is (its bytes are exactly its UTF-8, or
// what passes for it). Slow path: escapes are decoded; `\uXXXX` pairs that form a surrogate
// pair become one 4-byte scalar, any surrogate that is not part of a pair becomes U+FFFD.
// Decoding never produces more bytes than the escaped form has (`\n` 2 → 1, `\u00e9` 6 → 2,
// a pair 12 → 4, a lone surrogate 6 → 3), so the escaped length is always enough room.
//
// The parser accepts any byte ≥ 0x80 in strings. `isValidUTF8` reports whether the raw bytes
// are well-formed UTF-8; `string(_:)` replaces ill-formed sequences with U+FFFD.

extension JSONDocument {
    /// Appends the decoded UTF-8 bytes of string `node` to `buffer` (raw bytes, no U+FFFD
    /// repair of invalid input). Returns `false`, appending nothing, if `node` is not a string.
    @discardableResult
    public func appendString(_ node: JSONNode, to buffer: inout [UInt8]) -> Bool {
        guard let entry = entry(node), entry.kind == .string, let (base, start, end) = content(entry) else {
            return false
        }
        let raw = UnsafeBufferPointer(start: base + start, count: end - start)
        if entry.flags & JSONTapeEntry.escapesFlag == 0 {
            buffer.append(contentsOf: raw)
            return true
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(raw.count, 1)) { scratch in
            let written = JSONStrings.decode(raw, into: scratch)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<written]))
        }
        return true
    }

    /// The decoded text of string `node`, with ill-formed UTF-8 replaced by U+FFFD;
    /// `nil` if `node` is not a string.
    public func string(_ node: JSONNode) -> String? {
        guard let entry = entry(node), entry.kind == .string, let (base, start, end) = content(entry) else {
            return nil
        }
        let raw = UnsafeBufferPointer(start: base + start, count: end - start)
        if entry.flags & JSONTapeEntry.escapesFlag == 0 {
            return String(decoding: raw, as: UTF8.self)
        }
        // This initializer validates the bytes and repairs ill-formed sequences.
        return String(unsafeUninitializedCapacity: raw.count) { scratch in
            JSONStrings.decode(raw, into: scratch)
        }
    }

    /// Whether the raw bytes of string `node` are well-formed UTF-8 (escapes are ASCII and so
    /// always pass). `false` if `node` is not a string.
    public func isValidUTF8(_ node: JSONNode) -> Bool {
        guard let entry = entry(node), entry.kind == .string, let (base, start, end) = content(entry) else {
            return false
        }
        return JSONStrings.isValidUTF8(UnsafeBufferPointer(start: base + start, count: end - start))
    }

    /// Whether the whole parsed buffer is well-formed UTF-8 (one check for every string in it).
    public func isValidUTF8() -> Bool {
        JSONStrings.isValidUTF8(bytes)
    }

    /// Whether `node` is a string that decodes to exactly `text`. No allocation.
    public func isString(_ node: JSONNode, equalTo text: StaticString) -> Bool {
        guard let entry = entry(node) else { return false }
        return text.withUTF8Buffer { stringEquals(entry, $0) }
    }

    /// Whether `node` is a string that decodes to exactly the bytes `text` (as
    /// `member(of:key:)` compares keys). No allocation.
    public func isString(_ node: JSONNode, equalTo text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let entry = entry(node) else { return false }
        return stringEquals(entry, text)
    }

    /// Calls `body` with the raw bytes of `node` in the parsed buffer: string content without
    /// quotes and still escaped, the number's text, or a container from bracket to bracket.
    /// The pointer is only valid inside `body`.
    public func withRawBytes<R, E: Error>(
        of node: JSONNode,
        _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R
    ) throws(E) -> R {
        guard let entry = entry(node), let (base, start, end) = content(entry) else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeBufferPointer(start: base + start, count: end - start))
    }
}

/// Escape decoding and UTF-8 checks.
enum JSONStrings {
    /// Decodes the escape starting at `i` (a backslash) within `p[..<end]`.
    /// Returns the Unicode scalar value and the offset after the escape. Malformed escapes
    /// (impossible after a successful parse) yield the backslash itself and advance by one,
    /// so the output never grows past the input.
    @inline(__always)
    static func escape(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (scalar: UInt32, next: Int) {
        guard i + 1 < end else { return (0x5C, i + 1) }
        switch p[i + 1] {
        case UInt8(ascii: "\""): return (0x22, i + 2)
        case UInt8(ascii: "\\"): return (0x5C, i + 2)
        case UInt8(ascii: "/"): return (0x2F, i + 2)
        case UInt8(ascii: "b"): return (0x08, i + 2)
        case UInt8(ascii: "f"): return (0x0C, i + 2)
        case UInt8(ascii: "n"): return (0x0A, i + 2)
        case UInt8(ascii: "r"): return (0x0D, i + 2)
        case UInt8(ascii: "t"): return (0x09, i + 2)
        case UInt8(ascii: "u"):
            guard let unit = hex4(p, i + 2, end) else { return (0x5C, i + 1) }
            if unit & 0xFC00 == 0xD800 {
                if i + 12 <= end && p[i + 6] == UInt8(ascii: "\\") && p[i + 7] == UInt8(ascii: "u"),
                   let low = hex4(p, i + 8, end), low & 0xFC00 == 0xDC00 {
                    return (0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), i + 12)
                }
                return (0xFFFD, i + 6)
            }
            if unit & 0xFC00 == 0xDC00 { return (0xFFFD, i + 6) }
            return (unit, i + 6)
        default:
            return (0x5C, i + 1)
        }
    }

    @inline(__always)
    static func hex4(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> UInt32? {
        guard i + 4 <= end,
              let a = JSONScan.hexValue(p[i]), let b = JSONScan.hexValue(p[i + 1]),
              let c = JSONScan.hexValue(p[i + 2]), let d = JSONScan.hexValue(p[i + 3])
        else { return nil }
        return a << 12 | b << 8 | c << 4 | d
    }

    /// UTF-8 of `scalar`, first byte in the low 8 bits, and the number of bytes.
    @inline(__always)
    static func utf8(_ scalar: UInt32) -> (packed: UInt32, count: Int) {
        if scalar < 0x80 { return (scalar, 1) }
        if scalar < 0x800 {
            return ((0xC0 | scalar >> 6) | (0x80 | scalar & 0x3F) << 8, 2)
        }
        if scalar < 0x10000 {
            return ((0xE0 | scalar >> 12) | (0x80 | scalar >> 6 & 0x3F) << 8 | (0x80 | scalar & 0x3F) << 16, 3)
        }
        return ((0xF0 | scalar >> 18) | (0x80 | scalar >> 12 & 0x3F) << 8
                    | (0x80 | scalar >> 6 & 0x3F) << 16 | (0x80 | scalar & 0x3F) << 24, 4)
    }

    /// Decodes escaped string content `raw` into `out` and returns the number of bytes
    /// written. `out` should hold `raw.count` bytes; decoding stops early rather than overflow.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard let p = raw.baseAddress, let o = out.baseAddress else { return 0 }
        let end = raw.count
        let room = out.count
        var i = 0
        var written = 0
        while i < end {
            var j = i
            while j < end && p[j] != UInt8(ascii: "\\") { j += 1 }
            let run = min(j - i, room - written)
            (o + written).update(from: p + i, count: run)
            written += run
            if run < j - i { return written }
            i = j
            if i >= end { break }
            let (scalar, next) = escape(p, i, end)
            var (packed, count) = utf8(scalar)
            if written + count > room { return written }
            while count > 0 {
                o[written] = UInt8(truncatingIfNeeded: packed)
                packed >>= 8
                written += 1
                count -= 1
            }
            i = next
        }
        return written
    }

    /// Whether `bytes` are well-formed UTF-8 (no overlong forms, no surrogates, ≤ U+10FFFF).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return true }
        let end = bytes.count
        var i = 0
        while i < end {
            // ASCII runs, sixty-four bytes a step (`cbs_ascii_run_end`).
            i = cbs_ascii_run_end(p, i, end)
            if i >= end { break }
            let lead = p[i]
            if lead < 0x80 { i += 1; continue }
            let size: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: size = 2
            case 0xE0: size = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: size = 3
            case 0xED: size = 3; high = 0x9F
            case 0xF0: size = 4; low = 0x90
            case 0xF1...0xF3: size = 4
            case 0xF4: size = 4; high = 0x8F
            default: return false
            }
            guard i + size <= end else { return false }
            let second = p[i + 1]
            guard second >= low && second <= high else { return false }
            var k = 2
            while k < size {
                guard p[i + k] & 0xC0 == 0x80 else { return false }
                k += 1
            }
            i += size
        }
        return true
    }
}

/// The decoded bytes of a string's content, one at a time, without a buffer: used to compare
/// keys that contain escapes.
struct JSONDecodedBytes: IteratorProtocol {
    let p: UnsafePointer<UInt8>
    var i: Int
    let end: Int
    var pending: UInt32 = 0
    var pendingCount = 0

    init(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) {
        self.p = p
        self.i = start
        self.end = end
    }

    @inline(__always)
    mutating func next() -> UInt8? {
        if pendingCount > 0 {
            let byte = UInt8(truncatingIfNeeded: pending)
            pending >>= 8
            pendingCount -= 1
            return byte
        }
        guard i < end else { return nil }
        let c = p[i]
        if c != UInt8(ascii: "\\") {
            i += 1
            return c
        }
        let (scalar, next) = JSONStrings.escape(p, i, end)
        i = next
        let (packed, count) = JSONStrings.utf8(scalar)
        pending = packed >> 8
        pendingCount = count - 1
        return UInt8(truncatingIfNeeded: packed)
    }
}
