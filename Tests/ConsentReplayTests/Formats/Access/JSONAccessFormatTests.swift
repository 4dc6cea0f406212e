import Testing
@testable import ConsentReplay

struct JSONAccessFormatTests {
    static let caddyLine = #"{"level":"info","ts":1795269336.1234567,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"10.0.0.2","remote_port":"51234","client_ip":"2001:db8::5","proto":"HTTP/2.0","method":"GET","host":"www.shop.example","uri":"/search?q=caf%C3%A9","headers":{"User-Agent":["Mozilla/5.0 \"quoted\" \u00e9"],"Cookie":["_ga=GA1.1.1.2","_fbp=fb.1.2.3"],"Referer":["https://www.google.com/"],"Sec-Gpc":["1"]},"tls":{"resumed":false,"version":772}},"bytes_read":0,"user_id":"","duration":0.0012,"size":1234,"status":200,"resp_headers":{"Server":["Caddy"],"Set-Cookie":["a=1; Path=/","b=; Max-Age=0"]}}"#

    @Test func caddyLineIsRead() throws {
        var p = JSONAccessLineParser(flavor: .caddy)
        let r = try parseLine(Self.caddyLine, with: &p).get()
        #expect(r.time == 1_795_269_336_123)
        #expect(r.ip == "2001:db8::5") // client_ip, not the proxy's remote_ip
        #expect(r.method == "GET" && r.path == "/search" && r.query == "q=caf%C3%A9" && r.host == "www.shop.example")
        #expect(r.userAgent == "Mozilla/5.0 \"quoted\" é")
        #expect(r.cookie == "_ga=GA1.1.1.2; _fbp=fb.1.2.3")
        #expect(r.setCookie == "a=1; Path=/\nb=; Max-Age=0")
        #expect(r.gpc == "1" && r.status == 200)
    }

    @Test func caddyRedactedCookiesAreAWarningNotAValue() throws {
        let line = #"{"ts":1795269336.5,"logger":"http.log.access","request":{"remote_ip":"10.0.0.3","method":"GET","host":"x","uri":"/","headers":{"Cookie":["REDACTED"]}},"status":304}"#
        let report = try readFile(Array((line + "\n" + line + "\n").utf8))
        #expect(report.formatID == "caddy-json")
        #expect(report.tally.records == 2)
        #expect(report.tally.warnings["cookies-redacted"]?.lines == [1, 2])
        #expect(report.tally.access.withCookieHeader == 0)
    }

    @Test func nginxEscapeJSONWithConventionalKeys() throws {
        var p = JSONAccessLineParser(flavor: .nginx)
        let line = #"{"time_local":"21/Nov/2026:14:55:36 +0100","remote_addr":"203.0.113.9","remote_user":"","request":"GET /a?b=1 HTTP/1.1","status":"200","body_bytes_sent":"10","http_referer":"","http_user_agent":"curl/8.5 \"x\"","http_cookie":"x=1; y=2","sent_http_set_cookie":"","http_sec_gpc":"","http_dnt":"1","request_time":"0.003"}"#
        let r = try parseLine(line, with: &p).get()
        #expect(r.time == 1_795_269_336_000 && r.ip == "203.0.113.9" && r.path == "/a" && r.query == "b=1")
        #expect(r.userAgent == "curl/8.5 \"x\"" && r.cookie == "x=1; y=2" && r.setCookie == nil && r.referrer == nil)
        #expect(r.dnt == "1" && r.gpc == nil && r.status == 200)
        // Other spellings of the keys, numbers as numbers.
        let other = #"{"@timestamp":"2026-11-21T13:55:36Z","client_ip":"1.2.3.4","method":"POST","uri":"/x","status":201,"user-agent":"ua"}"#
        let s = try parseLine(other, with: &p).get()
        #expect(s.method == "POST" && s.path == "/x" && s.status == 201 && s.userAgent == "ua")
    }

    @Test(arguments: [
        (#"{"remote_addr":"1.2.3.4","request":"GET / HTTP/1.1","status":"200"}"#, LineVerdict.rejected(.missingTime)),
        (#"{"time_iso8601":"yesterday","request":"GET / HTTP/1.1","status":"200"}"#, .rejected(.badTime)),
        (#"{"time_iso8601":"2026-11-21T13:55:36Z","status":"2000"}"#, .rejected(.badStatus)),
        (#"{"time_iso8601":"2026-11-21T13:55:36Z", "#, .rejected(.invalidJSON)),
        (#"["not","an","object"]"#, .rejected(.notAnObject)),
        ("   ", .skipped(.blank)),
    ])
    func nginxRejects(line: String, verdict: LineVerdict) {
        var p = JSONAccessLineParser(flavor: .nginx)
        #expect(throws: VerdictError(verdict: verdict)) { try parseLine(line, with: &p).get() }
    }

    @Test func sniffingTellsCaddyFromNginxFromTaggingJSON() {
        let registry = FormatRegistry.standard()
        func id(_ lines: [String]) -> String? {
            registry.recognise(SniffSample(lines: lines.map { Array($0.utf8) }), kind: nil)?.format.id
        }
        #expect(id([Self.caddyLine]) == "caddy-json")
        #expect(id([#"{"time_local":"21/Nov/2026:14:55:36 +0100","remote_addr":"1.2.3.4","request":"GET / HTTP/1.1","status":"200"}"#]) == "nginx-json")
        // A server-side tagging console object is a tagging log, not an access log.
        #expect(id([#"{"Name":"Meta CAPI","Type":"Request","RequestUrl":"https://graph.facebook.com/v19.0/1/events","RequestMethod":"POST"}"#]) == "stape-console")
    }
}
