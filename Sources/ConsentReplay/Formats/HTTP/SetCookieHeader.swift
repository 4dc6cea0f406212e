// Response `Set-Cookie` header parser: RFC 6265 §4.1 (syntax) and the parsing algorithm of
// RFC 6265 §5.2, with the attributes browsers added later (RFC 6265bis: SameSite; Chrome:
// Priority; CHIPS: Partitioned).
//
// Record layout (one header value):
//
//     set-cookie-string = name-value-pair *( ";" cookie-av )
//     name-value-pair   = OWS name "=" value OWS            ; up to the first ";" (§5.2 step 1)
//     cookie-av         = OWS av-name [ "=" av-value ] OWS   ; split at the first "=" (§5.2)
//
// Deviations from RFC 6265 §5.2, all chosen so no information is lost to the caller:
// - §5.2 step 2 ignores a set-cookie-string whose name-value-pair has no `=`; RFC 6265bis
//   instead stores a nameless cookie. We report it with the text as `name`, an empty `value`
//   and `hasEquals == false` (the same convention as `CookieHeader.Pair`), and leave the choice
//   to the caller.
// - §5.2 step 5 ignores an empty name; like RFC 6265bis we only drop the cookie when both the
//   name and the value are empty.
// - A double-quoted value is reported as its inner range with `isQuoted` set, matching what
//   `CookieHeader` reports when the browser sends it back.
// - Attributes are not limited to 1024 bytes and the 400-day cap of RFC 6265bis §5.6.1/§5.6.2
//   is not applied: the tool reports what the server asked for.
// When an attribute occurs more than once, the last valid occurrence wins (§5.3 uses "the last
// attribute in the cookie-attribute-list"; invalid ones never enter that list).

/// One parsed `Set-Cookie` header value: name, value and attributes, with every piece of text
/// kept as a byte range into the parsed buffer.
public struct SetCookieHeader: Equatable, Sendable {
    /// The `SameSite` attribute (RFC 6265bis §5.6.7), compared case-insensitively.
    public enum SameSite: String, Equatable, Sendable {
        case strict = "Strict"
        case lax = "Lax"
        /// `SameSite=None` (named so it never reads as `Optional.none`).
        case noRestriction = "None"
        /// Present with any other value; browsers then apply their default.
        case unrecognized
    }

    /// The non-standard `Priority` attribute (Chrome): `Low`, `Medium` or `High`.
    public enum Priority: String, Equatable, Sendable {
        case low = "Low"
        case medium = "Medium"
        case high = "High"
    }

    /// The whole cookie (name, value and attributes), trimmed.
    public var range: Range<Int>
    /// The cookie name, trimmed of spaces and tabs.
    public var name: Range<Int>
    /// The cookie value, trimmed; the inner range when double-quoted; empty when `hasEquals`
    /// is false.
    public var value: Range<Int>
    /// The value was wrapped in double quotes, which `value` excludes.
    public var isQuoted: Bool
    /// The name-value pair contained `=` (see the file comment for the `false` case).
    public var hasEquals: Bool
    /// `Expires` as milliseconds since the Unix epoch (UTC), parsed with the cookie-date
    /// algorithm (RFC 6265 §5.2.1, §5.1.1); `nil` when absent or unparsable.
    public var expires: Int64?
    /// `Max-Age` in seconds (RFC 6265 §5.2.2); may be zero or negative; saturates at the
    /// `Int64` limits.
    public var maxAge: Int64?
    /// `Domain` without a leading `.` (RFC 6265 §5.2.3); `nil` when absent or empty. Compare it
    /// case-insensitively, or use `domainString(in:)`.
    public var domain: Range<Int>?
    /// `Path` (RFC 6265 §5.2.4); `nil` when absent, empty or not starting with `/`, which all
    /// mean "the default path".
    public var path: Range<Int>?
    /// `Secure` (RFC 6265 §5.2.5).
    public var isSecure: Bool
    /// `HttpOnly` (RFC 6265 §5.2.6).
    public var isHttpOnly: Bool
    /// `SameSite`, or `nil` when absent.
    public var sameSite: SameSite?
    /// `Priority`, or `nil` when absent or not one of the three known values.
    public var priority: Priority?
    /// `Partitioned` (CHIPS).
    public var isPartitioned: Bool

    public init(
        range: Range<Int>, name: Range<Int>, value: Range<Int>, isQuoted: Bool = false,
        hasEquals: Bool = true, expires: Int64? = nil, maxAge: Int64? = nil,
        domain: Range<Int>? = nil, path: Range<Int>? = nil, isSecure: Bool = false,
        isHttpOnly: Bool = false, sameSite: SameSite? = nil, priority: Priority? = nil,
        isPartitioned: Bool = false
    ) {
        self.range = range
        self.name = name
        self.value = value
        self.isQuoted = isQuoted
        self.hasEquals = hasEquals
        self.expires = expires
        self.maxAge = maxAge
        self.domain = domain
        self.path = path
        self.isSecure = isSecure
        self.isHttpOnly = isHttpOnly
        self.sameSite = sameSite
        self.priority = priority
        self.isPartitioned = isPartitioned
    }

    // MARK: Expiry and deletion

    /// The absolute expiry time in milliseconds since the epoch for a response sent at
    /// `responseTimeMs`, or `nil` for a session cookie.
    ///
    /// `Max-Age` wins over `Expires` (RFC 6265 §5.3 step 3). For `Max-Age` ≤ 0 the RFC uses "the
    /// earliest representable time"; we return `responseTimeMs + Max-Age × 1000` instead, which
    /// is also at or before the response (so the cookie is expired) but stays a printable time.
    /// Arithmetic saturates instead of overflowing.
    public func expiry(at responseTimeMs: Int64) -> Int64? {
        if let maxAge {
            let (delta, overflow) = maxAge.multipliedReportingOverflow(by: 1000)
            let (sum, sumOverflow) = responseTimeMs.addingReportingOverflow(delta)
            if overflow || sumOverflow { return maxAge < 0 ? Int64.min : Int64.max }
            return sum
        }
        return expires
    }

    /// Whether this `Set-Cookie` deletes the cookie: `Max-Age` ≤ 0, or (without `Max-Age`) an
    /// `Expires` at or before `responseTimeMs` (RFC 6265 §5.3 steps 3 and 11: an expired cookie
    /// evicts the stored one and is not stored). A positive `Max-Age` is never a deletion even
    /// when `Expires` is in the past.
    public func isDeletion(at responseTimeMs: Int64) -> Bool {
        if let maxAge { return maxAge <= 0 }
        if let expires { return expires <= responseTimeMs }
        return false
    }

    /// No `Max-Age` and no valid `Expires`: the cookie lives until the browser session ends.
    public var isSessionCookie: Bool {
        maxAge == nil && expires == nil
    }

    // MARK: Strings on request

    /// The cookie name as text.
    public func nameString(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        HTTPBytes.string(name, in: bytes)
    }

    /// The cookie value as text (without the quotes of a quoted value).
    public func valueString(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        HTTPBytes.string(value, in: bytes)
    }

    /// The `Domain` attribute lower-cased (RFC 6265 §5.2.3), without a leading dot.
    public func domainString(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let domain else { return nil }
        return HTTPBytes.string(domain, in: bytes).lowercased()
    }

    /// The `Path` attribute as text.
    public func pathString(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let path else { return nil }
        return HTTPBytes.string(path, in: bytes)
    }

    // MARK: Parsing one header value (RFC 6265 §5.2)

    /// Parses one `Set-Cookie` header value in `range` of `bytes` (the whole buffer when `range`
    /// is nil). Returns `nil` only when there is no cookie at all (empty, or both name and value
    /// empty). For a log field that may hold several joined headers use
    /// `SetCookieField.forEachCookie(in:range:_:)`.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil) -> SetCookieHeader? {
        let whole = HTTPBytes.trimmed(HTTPBytes.clamp(range, to: bytes), in: bytes)
        let end = whole.upperBound

        // §5.2 step 1: the name-value-pair runs to the first ";".
        var index = whole.lowerBound
        var firstEquals = -1
        while index < end {
            let byte = bytes[index]
            if byte == ASCII.semicolon { break }
            if byte == ASCII.equals && firstEquals < 0 { firstEquals = index }
            index += 1
        }
        let pairEnd = index

        // §5.2 steps 2–4: name and value split at the first "=", both trimmed.
        var cookie: SetCookieHeader
        if firstEquals < 0 {
            let name = HTTPBytes.trimmed(whole.lowerBound..<pairEnd, in: bytes)
            if name.isEmpty { return nil }
            cookie = SetCookieHeader(
                range: whole, name: name, value: name.upperBound..<name.upperBound, hasEquals: false)
        } else {
            let name = HTTPBytes.trimmed(whole.lowerBound..<firstEquals, in: bytes)
            var value = HTTPBytes.trimmed((firstEquals + 1)..<pairEnd, in: bytes)
            if name.isEmpty && value.isEmpty { return nil }
            var quoted = false
            if value.count >= 2, bytes[value.lowerBound] == ASCII.quote,
                bytes[value.upperBound - 1] == ASCII.quote
            {
                value = (value.lowerBound + 1)..<(value.upperBound - 1)
                quoted = true
            }
            cookie = SetCookieHeader(range: whole, name: name, value: value, isQuoted: quoted)
        }

        // §5.2 step 6 and the attribute loop: each cookie-av up to the next ";".
        while index < end {
            let avStart = index + 1  // index is at a ";"
            index = avStart
            var avEquals = -1
            while index < end {
                let byte = bytes[index]
                if byte == ASCII.semicolon { break }
                if byte == ASCII.equals && avEquals < 0 { avEquals = index }
                index += 1
            }
            let avName: Range<Int>
            let avValue: Range<Int>
            if avEquals < 0 {
                avName = HTTPBytes.trimmed(avStart..<index, in: bytes)
                avValue = index..<index
            } else {
                avName = HTTPBytes.trimmed(avStart..<avEquals, in: bytes)
                avValue = HTTPBytes.trimmed((avEquals + 1)..<index, in: bytes)
            }
            cookie.apply(attribute: SetCookieAttribute(avName, in: bytes), value: avValue, in: bytes)
        }
        return cookie
    }

    /// Processes one cookie-av (RFC 6265 §5.2.1–§5.2.6 and the later attributes).
    mutating func apply(
        attribute: SetCookieAttribute, value: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>
    ) {
        switch attribute {
        case .expires:
            // §5.2.1: parse with the cookie-date algorithm; ignore the attribute on failure.
            if let time = CookieDate.parse(bytes, range: value) { expires = time }
        case .maxAge:
            // §5.2.2: first byte DIGIT or "-", the rest DIGITs; otherwise ignore.
            if let seconds = Self.parseMaxAge(value, in: bytes) { maxAge = seconds }
        case .domain:
            // §5.2.3: empty → ignored (RFC 6265bis); drop one leading ".".
            var domainRange = value
            if !domainRange.isEmpty && bytes[domainRange.lowerBound] == ASCII.dot {
                domainRange = (domainRange.lowerBound + 1)..<domainRange.upperBound
            }
            if !domainRange.isEmpty { domain = domainRange }
        case .path:
            // §5.2.4: empty or not starting with "/" means the default path.
            if !value.isEmpty && bytes[value.lowerBound] == ASCII.slash {
                path = value
            } else {
                path = nil
            }
        case .secure:
            isSecure = true  // §5.2.5: the value is ignored
        case .httpOnly:
            isHttpOnly = true  // §5.2.6: the value is ignored
        case .sameSite:
            if HTTPBytes.matchesLowercase(value, in: bytes, "strict") {
                sameSite = .strict
            } else if HTTPBytes.matchesLowercase(value, in: bytes, "lax") {
                sameSite = .lax
            } else if HTTPBytes.matchesLowercase(value, in: bytes, "none") {
                sameSite = .noRestriction
            } else {
                sameSite = .unrecognized
            }
        case .priority:
            if HTTPBytes.matchesLowercase(value, in: bytes, "low") {
                priority = .low
            } else if HTTPBytes.matchesLowercase(value, in: bytes, "medium") {
                priority = .medium
            } else if HTTPBytes.matchesLowercase(value, in: bytes, "high") {
                priority = .high
            }
        case .partitioned:
            isPartitioned = true
        case .legacy, .unknown:
            break  // §5.2: "ignore the cookie-av"
        }
    }

    /// `Max-Age` value per RFC 6265 §5.2.2, saturating on overflow; `nil` when invalid.
    static func parseMaxAge(_ value: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = value.lowerBound
        let end = value.upperBound
        guard index < end else { return nil }
        var negative = false
        if bytes[index] == ASCII.dash {
            negative = true
            index += 1
        }
        guard index < end else { return nil }  // "-" alone has no digits
        var result: Int64 = 0
        var saturated = false
        while index < end {
            let byte = bytes[index]
            guard ASCII.isDigit(byte) else { return nil }
            if !saturated {
                let (times10, overflow1) = result.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte &- ASCII.zero))
                if overflow1 || overflow2 { saturated = true } else { result = sum }
            }
            index += 1
        }
        if saturated { return negative ? Int64.min : Int64.max }
        return negative ? -result : result
    }
}

/// The attribute names the `Set-Cookie` parser and the joined-field splitter know,
/// matched case-insensitively.
enum SetCookieAttribute: Equatable {
    case expires, maxAge, domain, path, secure, httpOnly, sameSite, priority, partitioned
    /// RFC 2109 / RFC 2965 attributes some servers still send (`Version`, `Comment`,
    /// `CommentURL`, `Discard`, `Port`): known, so they never start a new cookie in a joined
    /// field, but ignored like RFC 6265 ignores them.
    case legacy
    case unknown

    init(_ name: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) {
        // Dispatch on length first so most names cost one or two comparisons.
        switch name.count {
        case 4:
            if HTTPBytes.matchesLowercase(name, in: bytes, "path") { self = .path; return }
            if HTTPBytes.matchesLowercase(name, in: bytes, "port") { self = .legacy; return }
        case 6:
            if HTTPBytes.matchesLowercase(name, in: bytes, "domain") { self = .domain; return }
            if HTTPBytes.matchesLowercase(name, in: bytes, "secure") { self = .secure; return }
        case 7:
            if HTTPBytes.matchesLowercase(name, in: bytes, "expires") { self = .expires; return }
            if HTTPBytes.matchesLowercase(name, in: bytes, "max-age") { self = .maxAge; return }
            if HTTPBytes.matchesLowercase(name, in: bytes, "version") { self = .legacy; return }
            if HTTPBytes.matchesLowercase(name, in: bytes, "comment") { self = .legacy; return }
            if HTTPBytes.matchesLowercase(name, in: bytes, "discard") { self = .legacy; return }
        case 8:
            if HTTPBytes.matchesLowercase(name, in: bytes, "httponly") { self = .httpOnly; return }
            if HTTPBytes.matchesLowercase(name, in: bytes, "samesite") { self = .sameSite; return }
            if HTTPBytes.matchesLowercase(name, in: bytes, "priority") { self = .priority; return }
        case 10:
            if HTTPBytes.matchesLowercase(name, in: bytes, "commenturl") { self = .legacy; return }
        case 11:
            if HTTPBytes.matchesLowercase(name, in: bytes, "partitioned") { self = .partitioned; return }
        default:
            break
        }
        self = .unknown
    }
}
