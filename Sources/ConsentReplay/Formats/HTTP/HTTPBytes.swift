// Classifiers and range helpers shared by the HTTP field parsers in this folder (byte
// constants are in `ASCII`).
//
// Every parser here works on `UnsafeBufferPointer<UInt8>` and hands out `Range<Int>` offsets
// into that buffer. Nothing here allocates except `string(_:in:)`, which is the "make a String
// on request" exit.

/// Helpers used by the HTTP field parsers
/// (`CookieHeader`, `SetCookieHeader`, `CookieDate`, `QueryString`, `PercentDecoding`,
/// `LogEscapes`).
public enum HTTPBytes {
    /// Optional white space of HTTP (`OWS` / `WSP`): space or horizontal tab.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == ASCII.space || byte == ASCII.tab
    }

    /// A `tchar` of an RFC 2616 / RFC 9110 `token`: a visible ASCII byte other than the
    /// separators `( ) < > @ , ; : \ " / [ ] ? = { }`. RFC 6265 §4.1.1 uses `token` for
    /// cookie names.
    @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x23...0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x30...0x39, 0x41...0x5A, 0x5E...0x7A,
             0x7C, 0x7E:
            return true
        default:
            return false
        }
    }

    /// `range` limited to the indices of `bytes`, so a caller's bad range can never make a
    /// parser read outside the buffer.
    @inline(__always)
    static func clamp(_ range: Range<Int>?, to bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        guard let range else { return 0..<bytes.count }
        return range.clamped(to: 0..<bytes.count)
    }

    /// `range` without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmed(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower && isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Whether the bytes in `range` equal `literal` exactly.
    public static func equals(
        _ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, _ literal: String
    ) -> Bool {
        let range = clamp(range, to: bytes)
        var index = range.lowerBound
        for byte in literal.utf8 {
            guard index < range.upperBound, bytes[index] == byte else { return false }
            index += 1
        }
        return index == range.upperBound
    }

    /// Whether the bytes in `range` equal `literal`, ASCII letters compared case-insensitively.
    public static func equalsIgnoringASCIICase(
        _ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, _ literal: String
    ) -> Bool {
        let range = clamp(range, to: bytes)
        var index = range.lowerBound
        for byte in literal.utf8 {
            guard index < range.upperBound, ASCII.lower(bytes[index]) == ASCII.lower(byte) else {
                return false
            }
            index += 1
        }
        return index == range.upperBound
    }

    /// Case-insensitive comparison with a lower-case ASCII literal; the allocation-free fast
    /// path used for attribute and month names.
    @inline(__always)
    static func matchesLowercase(
        _ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString
    ) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard range.count == count else { return false }
        let start = literal.utf8Start
        var offset = 0
        while offset < count {
            if ASCII.lower(bytes[range.lowerBound + offset]) != start[offset] { return false }
            offset += 1
        }
        return true
    }

    /// The bytes in `range` as a `String` (invalid UTF-8 becomes U+FFFD). The only allocating
    /// helper; call it when a value is actually needed as text.
    public static func string(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let range = clamp(range, to: bytes)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Whether `target` occurs in `range`. Scans eight bytes at a time (the classic
    /// "has a zero byte" word trick on `word ^ pattern`), then the tail byte by byte.
    static func contains(
        _ target: UInt8, in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>
    ) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let range = clamp(range, to: bytes)
        var index = range.lowerBound
        let end = range.upperBound
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let pattern = UInt64(target) &* ones
        let raw = UnsafeRawPointer(base)
        while end - index >= 8 {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ pattern
            if (word &- ones) & ~word & highs != 0 { return true }
            index += 8
        }
        while index < end {
            if base[index] == target { return true }
            index += 1
        }
        return false
    }
}
