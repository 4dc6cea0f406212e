import Testing
@testable import ConsentReplay

func httpSplitSetCookieField(_ field: String) -> [HTTPSetCookieSnapshot] {
    withHTTPTestBytes(field) { bytes in
        var cookies: [HTTPSetCookieSnapshot] = []
        SetCookieField.forEachCookie(in: bytes) { cookies.append(HTTPSetCookieSnapshot($0, in: bytes)) }
        return cookies
    }
}

@Suite("HTTP joined Set-Cookie fields")
struct HTTPSetCookieFieldTests {
    static let october21: Int64 = 1_792_567_680_000  // 2026-10-21T07:28:00Z

    static let cases: [(String, [HTTPSetCookieSnapshot])] = [
        // Apache %{Set-Cookie}o: ", " between headers, and a comma inside Expires.
        ("a=1; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT, b=2; HttpOnly, c=3",
         [.init(name: "a", value: "1", expires: october21, path: "/"),
          .init(name: "b", value: "2", httpOnly: true),
          .init(name: "c", value: "3")]),
        // nginx: "; " between headers, the same as between attributes.
        ("a=1; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; b=2; HttpOnly; c=3; Max-Age=0",
         [.init(name: "a", value: "1", expires: october21, path: "/"),
          .init(name: "b", value: "2", httpOnly: true),
          .init(name: "c", value: "3", maxAge: 0)]),
        // Our own joining of array values.
        ("a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT\nb=2; Secure\r\nc=3\n",
         [.init(name: "a", value: "1", expires: october21),
          .init(name: "b", value: "2", secure: true),
          .init(name: "c", value: "3")]),
        // A cookie named like a weekday right after a comma is a cookie; the date's comma is not a split.
        ("a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT, Wed=x; Path=/",
         [.init(name: "a", value: "1", expires: october21), .init(name: "Wed", value: "x", path: "/")]),
        // RFC 850 dates have a comma after the full weekday.
        ("a=1; expires=Wednesday, 21-Oct-26 07:28:00 GMT, b=2",
         [.init(name: "a", value: "1", expires: october21), .init(name: "b", value: "2")]),
        // Attribute-like prefixes are not attributes: expires_at starts a new cookie after "; ".
        ("a=1; expires_at=5; Path=/",
         [.init(name: "a", value: "1"), .init(name: "expires_at", value: "5", path: "/")]),
        // Case-insensitive attribute names do not split; legacy RFC 2109 attributes neither.
        ("JSESSIONID=ABC; VERSION=1; Comment=session; path=/app; DOMAIN=shop.example; secure",
         [.init(name: "JSESSIONID", value: "ABC", domain: "shop.example", path: "/app", secure: true)]),
        // Empty pieces are skipped.
        ("a=1, , b=2\n\n;", [.init(name: "a", value: "1"), .init(name: "b", value: "2")]),
        (" , ", []),
        ("", []),
        // Comma followed by spaces and a token with spaces before "=".
        ("a=1,   b =2", [.init(name: "a", value: "1"), .init(name: "b", value: "2")]),
        // A tracking set of a real shop, Apache-joined.
        ("_ga=GA1.1.987654321.1700000000; Domain=.shop.example; Path=/; Expires=Fri, 20 Nov 2026 10:00:00 GMT; SameSite=Lax, "
            + "_fbp=fb.1.1700000000123.987654321; Max-Age=7776000; Path=/; Domain=.shop.example; SameSite=Lax, "
            + "_gcl_au=; Max-Age=0; Path=/",
         [.init(name: "_ga", value: "GA1.1.987654321.1700000000", expires: 1_795_168_800_000, domain: "shop.example",
                path: "/", sameSite: .lax),
          .init(name: "_fbp", value: "fb.1.1700000000123.987654321", maxAge: 7_776_000, domain: "shop.example",
                path: "/", sameSite: .lax),
          .init(name: "_gcl_au", value: "", maxAge: 0, path: "/")]),
    ]

    @Test(arguments: cases)
    func splitsJoinedFields(field: String, expected: [HTTPSetCookieSnapshot]) {
        #expect(httpSplitSetCookieField(field) == expected)
    }

    /// The documented limits of the joining rule, pinned so a change is deliberate.
    static let knownLimits: [(String, [HTTPSetCookieSnapshot])] = [
        // An (invalid, RFC 6265 §4.1.1) comma in a value followed by token= splits.
        ("a=x,y=z", [.init(name: "a", value: "x"), .init(name: "y", value: "z")]),
        // In a "; " join, a cookie named like an attribute reads as an attribute.
        ("a=1; path=/x; b=2", [.init(name: "a", value: "1", path: "/x"), .init(name: "b", value: "2")]),
        // In a "; " join, a cookie without "=" reads as a flag attribute of the previous one.
        ("a=1; flag", [.init(name: "a", value: "1")]),
        // In a "; " join, an unknown valued attribute starts a new cookie.
        ("a=1; Foo=bar", [.init(name: "a", value: "1"), .init(name: "Foo", value: "bar")]),
    ]

    @Test(arguments: knownLimits)
    func knownLimitsBehaveAsDocumented(field: String, expected: [HTTPSetCookieSnapshot]) {
        #expect(httpSplitSetCookieField(field) == expected)
    }

    @Test func splitterRangesAreTrimmedOffsets() {
        let field = "a=1; Path=/,  b=2 \n c=3"
        withHTTPTestBytes(field) { bytes in
            let ranges = Array(SetCookieField.cookieRanges(in: bytes))
            #expect(ranges.map { HTTPBytes.string($0, in: bytes) } == ["a=1; Path=/", "b=2", "c=3"])
        }
    }

    @Test func countsDeletionsInAJoinedField() {
        let field = "a=; Max-Age=0, b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT, c=keep; Max-Age=60"
        withHTTPTestBytes(field) { bytes in
            var deletions: [Bool] = []
            SetCookieField.forEachCookie(in: bytes) { deletions.append($0.isDeletion(at: 1_700_000_000_000)) }
            #expect(deletions == [true, true, false])
        }
    }
}
