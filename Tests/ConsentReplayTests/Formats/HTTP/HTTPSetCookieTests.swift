import Testing
@testable import ConsentReplay

/// A `SetCookieHeader` with its ranges turned into text, for readable expectations.
struct HTTPSetCookieSnapshot: Equatable, CustomStringConvertible {
    var name: String
    var value: String
    var quoted = false
    var hasEquals = true
    var expires: Int64? = nil
    var maxAge: Int64? = nil
    var domain: String? = nil
    var path: String? = nil
    var secure = false
    var httpOnly = false
    var sameSite: SetCookieHeader.SameSite? = nil
    var priority: SetCookieHeader.Priority? = nil
    var partitioned = false

    init(
        name: String, value: String, quoted: Bool = false, hasEquals: Bool = true, expires: Int64? = nil,
        maxAge: Int64? = nil, domain: String? = nil, path: String? = nil, secure: Bool = false,
        httpOnly: Bool = false, sameSite: SetCookieHeader.SameSite? = nil,
        priority: SetCookieHeader.Priority? = nil, partitioned: Bool = false
    ) {
        self.name = name
        self.value = value
        self.quoted = quoted
        self.hasEquals = hasEquals
        self.expires = expires
        self.maxAge = maxAge
        self.domain = domain
        self.path = path
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
        self.priority = priority
        self.partitioned = partitioned
    }

    init(_ cookie: SetCookieHeader, in bytes: UnsafeBufferPointer<UInt8>) {
        self.init(
            name: cookie.nameString(in: bytes), value: cookie.valueString(in: bytes), quoted: cookie.isQuoted,
            hasEquals: cookie.hasEquals, expires: cookie.expires, maxAge: cookie.maxAge,
            domain: cookie.domainString(in: bytes), path: cookie.pathString(in: bytes), secure: cookie.isSecure,
            httpOnly: cookie.isHttpOnly, sameSite: cookie.sameSite, priority: cookie.priority,
            partitioned: cookie.isPartitioned)
    }

    var description: String {
        var text = "\(name)=\(value)"
        if quoted { text += " quoted" }
        if !hasEquals { text += " no-equals" }
        if let expires { text += " expires=\(expires)" }
        if let maxAge { text += " max-age=\(maxAge)" }
        if let domain { text += " domain=\(domain)" }
        if let path { text += " path=\(path)" }
        if secure { text += " secure" }
        if httpOnly { text += " httponly" }
        if let sameSite { text += " samesite=\(sameSite)" }
        if let priority { text += " priority=\(priority)" }
        if partitioned { text += " partitioned" }
        return text
    }
}

func httpParseSetCookie(_ header: String) -> HTTPSetCookieSnapshot? {
    withHTTPTestBytes(header) { bytes in
        SetCookieHeader.parse(bytes).map { HTTPSetCookieSnapshot($0, in: bytes) }
    }
}

@Suite("HTTP Set-Cookie header")
struct HTTPSetCookieTests {
    static let october21: Int64 = 1_792_567_680_000  // 2026-10-21T07:28:00Z

    static let cases: [(String, HTTPSetCookieSnapshot?)] = [
        ("id=abc123; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=3600; Domain=.Example.COM; Path=/shop; "
            + "Secure; HttpOnly; SameSite=Lax; Priority=High; Partitioned; Foo=bar; Baz",
         .init(name: "id", value: "abc123", expires: october21, maxAge: 3600, domain: "example.com", path: "/shop",
               secure: true, httpOnly: true, sameSite: .lax, priority: .high, partitioned: true)),
        ("id=1; max-age=10; SECURE; httponly; samesite=strict; PRIORITY=low; partitioned; expires=wed, 21 oct 2026 07:28:00 gmt",
         .init(name: "id", value: "1", expires: october21, maxAge: 10, secure: true, httpOnly: true,
               sameSite: .strict, priority: .low, partitioned: true)),
        ("_ga=GA1.1.123456789.1700000000; Path=/; Domain=example.com; Max-Age=63072000; SameSite=None; Secure",
         .init(name: "_ga", value: "GA1.1.123456789.1700000000", maxAge: 63_072_000, domain: "example.com",
               path: "/", secure: true, sameSite: .noRestriction)),
        ("a=1; SameSite=Bogus; Priority=Urgent", .init(name: "a", value: "1", sameSite: .unrecognized)),
        ("a=1; Secure=yes; HttpOnly=false", .init(name: "a", value: "1", secure: true, httpOnly: true)),
        ("  a = 1 ;Path=/x;Domain=;  ", .init(name: "a", value: "1", path: "/x")),
        ("a=1; Path=relative", .init(name: "a", value: "1")),
        ("a=1; Path=/first; Path=", .init(name: "a", value: "1")),  // the last Path wins: default
        ("a=1; Max-Age=10; Max-Age=20", .init(name: "a", value: "1", maxAge: 20)),
        ("a=1; Max-Age=10; Max-Age=x", .init(name: "a", value: "1", maxAge: 10)),  // invalid ones are ignored
        ("a=1; Max-Age=1.5", .init(name: "a", value: "1")),
        ("a=1; Max-Age=-", .init(name: "a", value: "1")),
        ("a=1; Max-Age=", .init(name: "a", value: "1")),
        ("a=1; Max-Age=+5", .init(name: "a", value: "1")),
        ("a=1; Max-Age=-0", .init(name: "a", value: "1", maxAge: 0)),
        ("a=1; Max-Age=99999999999999999999999", .init(name: "a", value: "1", maxAge: Int64.max)),
        ("a=1; Max-Age=-99999999999999999999999", .init(name: "a", value: "1", maxAge: Int64.min)),
        ("a=1; Expires=never", .init(name: "a", value: "1")),
        ("a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Expires=garbage", .init(name: "a", value: "1", expires: october21)),
        ("sid=\"quoted value\"; Path=/", .init(name: "sid", value: "quoted value", quoted: true, path: "/")),
        ("token=a=b==; Path=/", .init(name: "token", value: "a=b==", path: "/")),
        ("=nameless", .init(name: "", value: "nameless")),
        ("flag; Path=/", .init(name: "flag", value: "", hasEquals: false, path: "/")),
        ("a=; Max-Age=0", .init(name: "a", value: "", maxAge: 0)),
        ("=", nil),
        ("", nil),
        ("   ", nil),
        ("; Path=/", nil),
        ("pref=café; Domain=Bücher.example", .init(name: "pref", value: "café", domain: "bücher.example")),
    ]

    @Test(arguments: cases)
    func parsesOneHeader(header: String, expected: HTTPSetCookieSnapshot?) {
        #expect(httpParseSetCookie(header) == expected)
    }

    static let deletions: [(header: String, responseTime: Int64, isDeletion: Bool, expiry: Int64?)] = [
        ("id=; Max-Age=0", 1_700_000_000_000, true, 1_700_000_000_000),
        ("id=; Max-Age=-1", 1_700_000_000_000, true, 1_699_999_999_000),
        ("id=; Expires=Thu, 01 Jan 1970 00:00:00 GMT", 1_700_000_000_000, true, 0),
        ("id=; Path=/; Expires=Thu, 01-Jan-1970 00:00:01 GMT; Domain=.example.com", 1_700_000_000_000, true, 1000),
        ("id=x; Expires=Wed, 21 Oct 2026 07:28:00 GMT", 1_700_000_000_000, false, october21),
        ("id=x; Expires=Wed, 21 Oct 2026 07:28:00 GMT", october21, true, october21),  // at the response time
        ("id=x; Expires=Wed, 21 Oct 2026 07:28:00 GMT", october21 - 1, false, october21),
        ("id=x; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT", 1_700_000_000_000, false, 1_700_000_060_000),
        ("id=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60", 1_700_000_000_000, false, 1_700_000_060_000),
        ("id=x; Max-Age=0; Expires=Wed, 21 Oct 2026 07:28:00 GMT", 1_700_000_000_000, true, 1_700_000_000_000),
        ("id=x", 1_700_000_000_000, false, nil),
        ("id=x; Expires=not-a-date", 1_700_000_000_000, false, nil),
        ("id=x; Max-Age=99999999999999999999", 1_700_000_000_000, false, Int64.max),
        ("id=x; Max-Age=-99999999999999999999", 1_700_000_000_000, true, Int64.min),
    ]

    @Test(arguments: deletions)
    func detectsDeletions(header: String, responseTime: Int64, isDeletion: Bool, expiry: Int64?) throws {
        try withHTTPTestBytes(header) { bytes in
            let cookie = try #require(SetCookieHeader.parse(bytes))
            #expect(cookie.isDeletion(at: responseTime) == isDeletion)
            #expect(cookie.expiry(at: responseTime) == expiry)
            #expect(cookie.isSessionCookie == (expiry == nil))
        }
    }

    @Test func rangesPointIntoTheCallersBuffer() throws {
        let line = "x \"sid=abc; Domain=.shop.example; Path=/cart\" y"
        try withHTTPTestBytes(line) { bytes in
            let cookie = try #require(SetCookieHeader.parse(bytes, range: 3..<(bytes.count - 3)))
            #expect(cookie.range == 3..<(bytes.count - 3))
            #expect(cookie.name == 3..<6)
            #expect(cookie.value == 7..<10)
            #expect(cookie.domain.map { HTTPBytes.string($0, in: bytes) } == "shop.example")
            #expect(cookie.path.map { HTTPBytes.string($0, in: bytes) } == "/cart")
        }
    }
}
