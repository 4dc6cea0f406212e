import CByteScan

/// Byte-level scanning shared by the tape parser, the document readers and the array splitter.
///
/// Strings are scanned sixteen bytes at a time (`cbs_json_string_stop`, SSE2) to the next
/// quote, backslash or control byte, which is then looked at on its own. The 64-bit word tests
/// below (the "has a zero byte" bit trick) serve the scanners that look for other bytes.
enum JSONScan {
    static let lowBits: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool {
        c &- UInt8(ascii: "0") < 10
    }

    /// ASCII letter or digit: a byte that cannot directly follow a number or a literal.
    @inline(__always)
    static func isWordByte(_ c: UInt8) -> Bool {
        (c | 0x20) &- UInt8(ascii: "a") < 26 || c &- UInt8(ascii: "0") < 10
    }

    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt32? {
        if c &- UInt8(ascii: "0") < 10 { return UInt32(c &- UInt8(ascii: "0")) }
        let lower = c | 0x20
        if lower &- UInt8(ascii: "a") < 6 { return UInt32(lower &- UInt8(ascii: "a") + 10) }
        return nil
    }

    /// Whether the 4 bytes at `i` are `a b c d`.
    @inline(__always)
    static func matches(
        _ p: UnsafePointer<UInt8>, _ i: Int, _ length: Int,
        _ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8
    ) -> Bool {
        i + 4 <= length && p[i] == a && p[i + 1] == b && p[i + 2] == c && p[i + 3] == d
    }

    /// A mask with the high bit set in each byte of `word` that equals `byte`, exact up to the
    /// first such byte (bytes above it may be flagged spuriously).
    @inline(__always)
    static func bytesEqual(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (lowBits &* UInt64(byte))
        return (x &- lowBits) & ~x & highBits
    }

    @inline(__always)
    static func loadWord(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
    }

    struct StringScan {
        /// Offset of the closing quote.
        var end: Int
        var escaped: Bool
        var error: JSONSyntaxError?
    }

    /// Scans string content starting at `start` (just after the opening quote).
    @inline(__always)
    static func string(_ p: UnsafePointer<UInt8>, _ start: Int, _ length: Int) -> StringScan {
        var i = start
        var escaped = false
        while true {
            // To the next quote, backslash or control byte, sixteen bytes at a time.
            i = cbs_json_string_stop(p, i, length)
            if i >= length {
                return StringScan(end: i, escaped: escaped, error: JSONSyntaxError(.unterminatedString, at: start - 1))
            }
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                return StringScan(end: i, escaped: escaped, error: nil)
            }
            if c == UInt8(ascii: "\\") {
                escaped = true
                if i + 1 >= length {
                    return StringScan(end: i, escaped: true, error: JSONSyntaxError(.unterminatedString, at: start - 1))
                }
                switch p[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    for k in 2..<6 {
                        if i + k >= length {
                            return StringScan(end: i, escaped: true, error: JSONSyntaxError(.unterminatedString, at: start - 1))
                        }
                        if hexValue(p[i + k]) == nil {
                            return StringScan(end: i, escaped: true, error: JSONSyntaxError(.invalidEscape, at: i))
                        }
                    }
                    i += 6
                default:
                    return StringScan(end: i, escaped: true, error: JSONSyntaxError(.invalidEscape, at: i))
                }
                continue
            }
            if c < 0x20 {
                return StringScan(end: i, escaped: escaped, error: JSONSyntaxError(.controlCharacterInString, at: i))
            }
            i += 1
        }
    }

    /// Scans a number starting at `start`. Returns `end == -1` when it breaks the grammar,
    /// including a number directly followed by a letter, digit, `.`, `+` or `-` (`01`, `1.`, `2x`).
    @inline(__always)
    static func number(_ p: UnsafePointer<UInt8>, _ start: Int, _ length: Int) -> (end: Int, integer: Bool) {
        var i = start
        if p[i] == UInt8(ascii: "-") { i += 1 }
        guard i < length else { return (-1, false) }
        if p[i] == UInt8(ascii: "0") {
            i += 1
        } else if isDigit(p[i]) {
            i += 1
            while i < length && isDigit(p[i]) { i += 1 }
        } else {
            return (-1, false)
        }
        var integer = true
        if i < length && p[i] == UInt8(ascii: ".") {
            i += 1
            guard i < length && isDigit(p[i]) else { return (-1, false) }
            while i < length && isDigit(p[i]) { i += 1 }
            integer = false
        }
        if i < length && p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < length && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < length && isDigit(p[i]) else { return (-1, false) }
            while i < length && isDigit(p[i]) { i += 1 }
            integer = false
        }
        if i < length {
            let c = p[i]
            if isWordByte(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                return (-1, false)
            }
        }
        return (i, integer)
    }
}
