import Testing
@testable import ConsentReplay

struct LogTemplateTests {
    static let nginxCookies = #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_cookie" "$sent_http_set_cookie" "$http_sec_gpc""#

    func parser(_ format: String) throws -> LogTemplateParser {
        LogTemplateParser(template: try LogFormatCompiler.compile(format).template)
    }

    @Test func nginxCombinedWithCookiesReadsEveryField() throws {
        var p = try parser(Self.nginxCookies)
        let line = #"2001:db8:85a3::8a2e:370:7334 - - [21/Nov/2026:14:55:36 +0100] "GET /search?q=caf%C3%A9+au+lait HTTP/2.0" 200 5120 "https://www.google.com/" "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0" "_ga=GA1.1.123456789.1700000000; _fbp=fb.1.1700000000123.987654321" "PHPSESSID=abc; Path=/; HttpOnly; cart_id=9; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/" "1""#
        let r = try parseLine(line, with: &p).get()
        #expect(r.time == 1_795_269_336_000)
        #expect(r.ip == "2001:db8:85a3::8a2e:370:7334")
        #expect(r.method == "GET")
        #expect(r.path == "/search")
        #expect(r.query == "q=caf%C3%A9+au+lait")
        #expect(r.status == 200)
        #expect(r.referrer == "https://www.google.com/")
        #expect(r.userAgent == "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
        #expect(r.cookie == "_ga=GA1.1.123456789.1700000000; _fbp=fb.1.1700000000123.987654321")
        #expect(r.setCookie?.hasPrefix("PHPSESSID=abc; Path=/") == true)
        #expect(r.gpc == "1")
    }

    @Test func nginxEscapesAreDecodedAndDashesAreAbsent() throws {
        var p = try parser(Self.nginxCookies)
        // nginx writes `"` as \x22, `\` as \x5C and bytes >= 0x7F as \xHH.
        let line = #"198.51.100.2 - - [21/Nov/2026:13:55:36 +0000] "GET /caf\xC3\xA9 HTTP/1.1" 404 0 "-" "Evil \x22quoted\x22 \x5C agent \xFF" "-" "-" "-""#
        let r = try parseLine(line, with: &p).get()
        #expect(r.path == "/café")
        #expect(r.userAgent == "Evil \"quoted\" \\ agent \u{FFFD}")
        #expect(r.referrer == nil && r.cookie == nil && r.setCookie == nil && r.gpc == nil)
        #expect(r.status == 404)
    }

    @Test func malformedRequestLineKeepsTheRecord() throws {
        var p = try parser(Self.nginxCookies)
        let line = #"198.51.100.2 - - [21/Nov/2026:13:55:36 +0000] "\x16\x03\x01\x02\x00\x01\x00\x01\xFC\x03\x03" 400 157 "-" "-" "-" "-" "-""#
        let r = try parseLine(line, with: &p).get()
        #expect(r.status == 400)
        #expect(r.method == nil && r.path == nil)
    }

    @Test func apacheEscapesAndJoinedSetCookie() throws {
        var p = try parser(#"%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" \"%{Cookie}i\" \"%{Set-Cookie}o\" \"%{Sec-GPC}i\""#)
        let line = #"192.0.2.44 - alice [21/Nov/2026:13:55:36 +0000] "POST /account/login HTTP/1.1" 302 - "https://shop.example/cart" "Agent with \"quotes\" and \\ backslash" "PHPSESSID=old" "PHPSESSID=new; path=/; HttpOnly, remember=1; expires=Sat, 21-Nov-2027 13:55:36 GMT; Max-Age=31536000" "-""#
        let r = try parseLine(line, with: &p).get()
        #expect(r.method == "POST")
        #expect(r.status == 302)
        #expect(r.userAgent == #"Agent with "quotes" and \ backslash"#)
        #expect(r.setCookie == "PHPSESSID=new; path=/; HttpOnly, remember=1; expires=Sat, 21-Nov-2027 13:55:36 GMT; Max-Age=31536000")
        #expect(r.gpc == nil)
    }

    @Test func rawQuoteInsideAValueIsTolerated() throws {
        // Some servers and old configs log a raw `"`; the closing quote is the one followed by
        // the rest of the layout.
        var p = try parser(#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent""#)
        let line = #"192.0.2.1 - - [21/Nov/2026:13:55:36 +0000] "GET / HTTP/1.1" 200 10 "-" "Mozilla "compatible" bot""#
        #expect(try parseLine(line, with: &p).get().userAgent == #"Mozilla "compatible" bot"#)
    }

    @Test(arguments: [
        (#"192.0.2.1 - - [21/Nov/2026:13:55:36 +0000] "GET / HTTP/1.1" 200 10 "-" "ua" "c" "-" "1" extra"#, RejectReason.trailingData),
        (#"192.0.2.1 - - [21/Nov/2026:13:55:99 +0000] "GET / HTTP/1.1" 200 10 "-" "ua" "c" "-" "1""#, .badTime),
        (#"192.0.2.1 - - [21/Nov/2026:13:55:36 +0000] "GET / HTTP/1.1" 2x0 10 "-" "ua" "c" "-" "1""#, .badStatus),
        (#"192.0.2.1 - - [21/Nov/2026:13:55:36 +0000] "GET / HTTP/1.1" 200 10 "-" "ua"#, .unterminatedQuote),
        (#"192.0.2.1 - - 21/Nov/2026:13:55:36 +0000 "GET / HTTP/1.1" 200 10"#, .layoutMismatch),
        ("", .layoutMismatch),
    ])
    func rejectedLines(line: String, reason: RejectReason) throws {
        var p = try parser(Self.nginxCookies)
        #expect(throws: VerdictError(verdict: .rejected(reason))) { try parseLine(line, with: &p).get() }
    }

    @Test func nginxVariablesOfEveryTimeAndTargetForm() throws {
        var p = try parser(#"$msec $remote_addr "$request_method $request_uri $server_protocol" $status "$cookie__ga" "$cookie_FPID" $host ${request_time}s $http_x_forwarded_for"#)
        let r = try parseLine(#"1795269336.123 10.0.0.1 "GET /p?x=1 HTTP/1.1" 200 "GA1.1.1.2" "FPID2.2.abc" www.shop.example 0.003s 203.0.113.5, 10.0.0.1"#, with: &p).get()
        #expect(r.time == 1_795_269_336_123)
        #expect(r.method == "GET" && r.path == "/p" && r.query == "x=1")
        #expect(r.cookie == "_ga=GA1.1.1.2; FPID=FPID2.2.abc")
        #expect(r.host == "www.shop.example")
        #expect(r.forwardedFor == "203.0.113.5, 10.0.0.1")

        var iso = try parser(#"[$time_iso8601] $remote_addr "$uri" "$args" $status"#)
        let s = try parseLine(#"[2026-11-21T14:55:36+01:00] 10.0.0.1 "/p" "a=1&b=2" 204"#, with: &iso).get()
        #expect(s.time == 1_795_269_336_000 && s.path == "/p" && s.query == "a=1&b=2" && s.status == 204)
    }

    @Test func configFileQuotingIsAccepted() throws {
        let fromConfig = #"'$remote_addr - $remote_user [$time_local] ' '"$request" $status $body_bytes_sent ' '"$http_cookie"'"#
        var p = try parser(fromConfig)
        let r = try parseLine(#"10.0.0.1 - - [21/Nov/2026:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "a=1""#, with: &p).get()
        #expect(r.cookie == "a=1")
    }

    @Test func apacheTimeFormsAndCookieDirective() throws {
        var p = try parser(#"%a %{%Y-%m-%dT%H:%M:%S%z}t %m %U%q %s %{_ga}C %{msec}t"#)
        let r = try parseLine(#"10.0.0.9 2026-11-21T14:55:36+0100 GET /a?b=c 200 GA1.2.3.4 1795269336999"#, with: &p).get()
        // The last time field wins: %{msec}t.
        #expect(r.time == 1_795_269_336_999)
        #expect(r.path == "/a" && r.query == "b=c")
        #expect(r.cookie == "_ga=GA1.2.3.4")
    }

    @Test(arguments: ["%h %Z", "%h %{Referer", "$remote_addr$remote_user", "plain text", "%h %{usec_frac}t", #"$remote_addr "$request" $status"#, #"%h \"%r\" %>s"#])
    func uncompilableFormats(format: String) {
        #expect(throws: LogFormatError.self) { try LogFormatCompiler.compile(format) }
    }
}
