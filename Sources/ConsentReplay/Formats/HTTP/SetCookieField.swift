// Splitting a log field that holds several `Set-Cookie` headers joined into one.
//
// Logs join multiple `Set-Cookie` response headers in different ways:
//     Apache `%{Set-Cookie}o`            a=1; Path=/, b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT
//     nginx `$sent_http_set_cookie`      a=1; Path=/; b=2; Max-Age=0
//     our own joining of JSON arrays     a=1; Path=/\nb=2; Secure
// and the separators collide with cookie syntax: `;` also separates attributes, and the IMF
// date of `Expires` contains `, `. The rule, applied to every field whatever its origin:
//
// 1. A line break (`\n`, or `\r\n`) always ends the current cookie.
// 2. After a `;`, look at the next item (up to the next `;`, `,` or line break):
//    - `name=value` whose name is a known attribute name, compared case-insensitively
//      (Expires, Max-Age, Domain, Path, Secure, HttpOnly, SameSite, Priority, Partitioned, and
//      the legacy Version, Comment, CommentURL, Discard, Port) → an attribute of the current
//      cookie;
//    - an item without `=` (`Secure`, `HttpOnly`, an unknown flag, or nothing) → an attribute
//      of the current cookie;
//    - any other `name=value` → the `;` ends the current cookie and a new one starts.
// 3. After a `,`, skip spaces, tabs and further commas; if a cookie-name token (RFC 6265
//    §4.1.1 / RFC 2616 `token`, at least one byte) follows, then optional spaces and `=`, the
//    `,` ends the current cookie. It also does when nothing but the end of the field or a line
//    break follows (a trailing or doubled separator). Otherwise the `,` is data:
//    `Wed, 21 Oct …` continues with `21 ` which is no `token=`, so the comma of an Expires date
//    never splits.
//
// Known limits (inherent to the joined format, not fixable without the original headers):
// - A cookie value containing `,token=` (e.g. an unencoded `a=x,y=z`) is split in two. RFC 6265
//   §4.1.1 forbids `,` in cookie values, so well-behaved servers never send it.
// - In a `; `-joined field, a cookie whose *name* is an attribute name (`path=…`, `domain=…`,
//   `version=…`) is taken for an attribute of the previous cookie, and a following cookie
//   without `=` is taken for a flag attribute.
// - In a `; `-joined field, an unknown attribute with a value (`Foo=bar`) starts a new cookie.
// - Empty cookies (`, ,`, blank lines) are skipped.

/// A log field holding one or more `Set-Cookie` header values joined by `, `, `; ` or line
/// breaks: splits it (rules in the file comment) and parses each cookie with
/// `SetCookieHeader.parse(_:range:)`.
public enum SetCookieField {
    /// A non-allocating iterator over the cookies of a joined `Set-Cookie` log field, yielding
    /// each cookie's byte range (trimmed) in field order. Parse a range with
    /// `SetCookieHeader.parse(_:range:)`.
    public struct Splitter: Sequence, IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        var position: Int
        let end: Int

        /// Splits `range` of `bytes` (the whole buffer when `range` is nil).
        public init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil) {
            let range = HTTPBytes.clamp(range, to: bytes)
            self.bytes = bytes
            self.position = range.lowerBound
            self.end = range.upperBound
        }

        public mutating func next() -> Range<Int>? {
            while position < end {
                let start = position
                var index = start
                var cookieEnd = end
                var nextStart = end
                scan: while index < end {
                    switch bytes[index] {
                    case ASCII.lf, ASCII.cr:
                        cookieEnd = index
                        nextStart = index + 1
                        break scan
                    case ASCII.semicolon where startsCookieAfterSemicolon(index + 1):
                        cookieEnd = index
                        nextStart = index + 1
                        break scan
                    case ASCII.comma where startsCookieAfterComma(index + 1):
                        cookieEnd = index
                        nextStart = index + 1
                        break scan
                    default:
                        index += 1
                    }
                }
                position = nextStart
                let cookie = HTTPBytes.trimmed(start..<cookieEnd, in: bytes)
                if !cookie.isEmpty { return cookie }
            }
            return nil
        }

        /// Rule 2: after a `;`, a `name=value` whose name is not an attribute starts a cookie.
        func startsCookieAfterSemicolon(_ from: Int) -> Bool {
            var index = from
            while index < end {
                switch bytes[index] {
                case ASCII.equals:
                    let name = HTTPBytes.trimmed(from..<index, in: bytes)
                    return SetCookieAttribute(name, in: bytes) == .unknown
                case ASCII.semicolon, ASCII.comma, ASCII.lf, ASCII.cr:
                    return false
                default:
                    index += 1
                }
            }
            return false
        }

        /// Rule 3: after a `,`, `OWS token OWS "="` starts a cookie; so does nothing (only
        /// spaces and commas up to the end or a line break: a trailing or doubled separator).
        func startsCookieAfterComma(_ from: Int) -> Bool {
            var index = from
            while index < end && (HTTPBytes.isWhitespace(bytes[index]) || bytes[index] == ASCII.comma) {
                index += 1
            }
            if index == end || bytes[index] == ASCII.lf || bytes[index] == ASCII.cr {
                return true
            }
            let tokenStart = index
            while index < end && HTTPBytes.isToken(bytes[index]) { index += 1 }
            guard index > tokenStart else { return false }
            while index < end && HTTPBytes.isWhitespace(bytes[index]) { index += 1 }
            return index < end && bytes[index] == ASCII.equals
        }
    }

    /// The cookie ranges of a joined `Set-Cookie` field, as a non-allocating sequence.
    public static func cookieRanges(
        in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil
    ) -> Splitter {
        Splitter(bytes, range: range)
    }

    /// Splits a joined `Set-Cookie` log field (`, `, `; ` or line breaks between headers; see
    /// the rules at the top of this file) and calls `body` with each parsed cookie in order.
    /// Pieces that hold no cookie are skipped. Throw from `body` to stop early.
    public static func forEachCookie(
        in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil,
        _ body: (SetCookieHeader) throws -> Void
    ) rethrows {
        var splitter = Splitter(bytes, range: range)
        while let cookieRange = splitter.next() {
            if let cookie = SetCookieHeader.parse(bytes, range: cookieRange) {
                try body(cookie)
            }
        }
    }
}
