import CByteScan

// Request `Cookie` header parser (RFC 6265 §4.2 and §5.4, as browsers send it).
//
// Record layout:
//
//     cookie-header = pair *( ";" OWS pair )                ; browsers send "; " between pairs
//     pair          = OWS name "=" value OWS  |  OWS name OWS
//     value         = *octet  |  DQUOTE *octet DQUOTE
//
// nginx's `$http_cookie` joins several `Cookie` request headers with "; ", which is the same
// grammar, so one header and a joined field parse alike.
//
// What the parser does, byte by byte:
// - Pairs are separated by `;` only. A `,` is ordinary value data (browsers never use it as a
//   separator; the obsolete RFC 2965 did).
// - Name and value are trimmed of spaces and tabs on both sides (RFC 6265bis §5.6 does the
//   same when storing a cookie).
// - The value is split at the *first* `=`; later `=` belong to the value (`a=b=c` → `a`, `b=c`).
// - A value wrapped in double quotes (`"..."`, at least two bytes) is reported as the inner range
//   with `isQuoted == true` (RFC 6265 §4.1.1 allows quoted values; browsers send the quotes back).
// - A pair without `=` (`foo`) is reported as the name `foo` with an empty value and
//   `hasEquals == false`. Browsers (RFC 6265bis §5.6) store such a cookie with an *empty name*
//   and the text as its value; a caller that wants that reading uses `name` as the value. The
//   flag keeps both readings available.
// - Empty pairs (`;;`, a trailing `;`, only spaces) are skipped.
// - Duplicate names are all reported, in header order (RFC 6265 §5.4 orders longer paths first;
//   the parser never de-duplicates).
// - Any other byte, non-ASCII included, is data.
// - A whole field of `-` (what Apache and nginx log for an absent header) is NOT special here:
//   it would parse as one name `-` without `=`. The access-log layer decides "no header" before
//   calling this parser.

/// Parser for a request `Cookie` header value (or nginx's `$http_cookie`, which joins several
/// headers with `; `). All results are byte ranges into the caller's buffer; nothing allocates.
public enum CookieHeader {
    /// One `name=value` pair of a `Cookie` header, as offsets into the parsed buffer.
    public struct Pair: Equatable, Sendable {
        /// The cookie name, trimmed of spaces and tabs.
        public var name: Range<Int>
        /// The cookie value, trimmed; the inner range when the value was double-quoted.
        /// Empty (at the end of the name) when the pair had no `=`.
        public var value: Range<Int>
        /// The value was wrapped in double quotes, which `value` excludes.
        public var isQuoted: Bool
        /// The pair contained `=`. `false` for a bare `foo`, which browsers treat as a nameless
        /// cookie whose value is `foo`.
        public var hasEquals: Bool

        public init(name: Range<Int>, value: Range<Int>, isQuoted: Bool, hasEquals: Bool) {
            self.name = name
            self.value = value
            self.isQuoted = isQuoted
            self.hasEquals = hasEquals
        }
    }

    /// A non-allocating iterator over the pairs of a `Cookie` header, in header order.
    public struct Pairs: Sequence, IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        var position: Int
        let end: Int

        /// Iterates the pairs in `range` of `bytes` (the whole buffer when `range` is nil).
        /// Reported ranges are offsets into `bytes`.
        public init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil) {
            let range = HTTPBytes.clamp(range, to: bytes)
            self.bytes = bytes
            self.position = range.lowerBound
            self.end = range.upperBound
        }

        public mutating func next() -> Pair? {
            while position < end {
                // The name, to the first `=` (or `;`); then the value, which is most of a pair's
                // bytes (ids, consent strings), to `;`: both sixteen bytes at a time.
                let start = position
                var index = start
                var firstEquals = -1
                if let base = bytes.baseAddress {
                    index = cbs_find_either(base, start, end, ASCII.semicolon, ASCII.equals)
                    if index < end && base[index] == ASCII.equals {
                        firstEquals = index
                        index = cbs_find_either(base, index + 1, end, ASCII.semicolon, ASCII.semicolon)
                    }
                }
                position = index + 1
                let item = HTTPBytes.trimmed(start..<index, in: bytes)
                if item.isEmpty { continue }
                guard firstEquals >= 0 else {
                    return Pair(
                        name: item, value: item.upperBound..<item.upperBound,
                        isQuoted: false, hasEquals: false)
                }
                let name = HTTPBytes.trimmed(item.lowerBound..<firstEquals, in: bytes)
                var value = HTTPBytes.trimmed((firstEquals + 1)..<item.upperBound, in: bytes)
                var quoted = false
                if value.count >= 2, bytes[value.lowerBound] == ASCII.quote,
                    bytes[value.upperBound - 1] == ASCII.quote
                {
                    value = (value.lowerBound + 1)..<(value.upperBound - 1)
                    quoted = true
                }
                return Pair(name: name, value: value, isQuoted: quoted, hasEquals: true)
            }
            return nil
        }
    }

    /// The pairs in `range` of `bytes` (the whole buffer when `range` is nil), as a
    /// non-allocating sequence.
    public static func pairs(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil) -> Pairs {
        Pairs(bytes, range: range)
    }

    /// Calls `body` with each pair in header order, duplicates included. Throw from `body` to
    /// stop early.
    public static func forEachPair(
        in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil,
        _ body: (Pair) throws -> Void
    ) rethrows {
        var iterator = Pairs(bytes, range: range)
        while let pair = iterator.next() {
            try body(pair)
        }
    }

    /// The first pair whose name equals `name` exactly (cookie names are case-sensitive).
    public static func firstPair(
        named name: String, in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil
    ) -> Pair? {
        var iterator = Pairs(bytes, range: range)
        while let pair = iterator.next() {
            if HTTPBytes.equals(pair.name, in: bytes, name) { return pair }
        }
        return nil
    }
}
