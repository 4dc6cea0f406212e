// Byte constants and small classifiers shared by the HTTP field parsers in this folder.
//
// Every parser here works on `UnsafeBufferPointer<UInt8>` and hands out `Range<Int>` offsets
// into that buffer. Nothing here allocates except `string(_:in:)`, which is the "make a String
// on request" exit.

/// ASCII byte constants and helpers used by the HTTP field parsers
/// (`CookieHeader`, `SetCookieHeader`, `CookieDate`, `QueryString`, `PercentDecoding`,
/// `LogEscapes`).
public enum HTTPBytes {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let semicolon = UInt8(ascii: ";")
    static let comma = UInt8(ascii: ",")
    static let equals = UInt8(ascii: "=")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let percent = UInt8(ascii: "%")
    static let plus = UInt8(ascii: "+")
    static let ampersand = UInt8(ascii: "&")
    static let colon = UInt8(ascii: ":")
    static let slash = UInt8(ascii: "/")
    static let dot = UInt8(ascii: ".")
    static let minus = UInt8(ascii: "-")
    static let questionMark = UInt8(ascii: "?")
    static let hash = UInt8(ascii: "#")
    static let digit0 = UInt8(ascii: "0")
    static let digit9 = UInt8(ascii: "9")
    static let upperA = UInt8(ascii: "A")
    static let upperF = UInt8(ascii: "F")
    static let upperZ = UInt8(ascii: "Z")
    static let lowerA = UInt8(ascii: "a")
    static let lowerF = UInt8(ascii: "f")
    static let lowerZ = UInt8(ascii: "z")

    /// Optional white space of HTTP (`OWS` / `WSP`): space or horizontal tab.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- digit0 < 10
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

    /// The value of a hexadecimal digit (either case), or `nil`.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case digit0...digit9: return byte &- digit0
        case lowerA...lowerF: return byte &- lowerA &+ 10
        case upperA...upperF: return byte &- upperA &+ 10
        default: return nil
        }
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= upperA && byte <= upperZ) ? byte | 0x20 : byte
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
            guard index < range.upperBound, lowercased(bytes[index]) == lowercased(byte) else {
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
            if lowercased(bytes[range.lowerBound + offset]) != start[offset] { return false }
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
