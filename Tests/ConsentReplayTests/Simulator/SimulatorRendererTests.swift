import Foundation
import Testing

@testable import SiteSimulator

/// Each renderer against a hand-made request: exact bytes for the text formats, parsed values
/// for JSON, field layout for W3C.
@Suite("Simulator renderers")
struct SimulatorRendererTests {
    private func text(_ format: LogFormat, _ request: SimulatedRequest) -> String {
        String(decoding: format.renderer.line(request), as: UTF8.self)
    }

    @Test("combined escapes quotes, backslashes and non-ASCII as nginx does")
    func combined() throws {
        let line = text(.combined, try SimulatorFixtures.awkwardRequest())
        #expect(
            line
                == #"203.0.113.9 - - [21/Nov/2026:13:55:36 +0000] "GET /search?q=caf%C3%A9+au+lait HTTP/2.0" 200 1234 "https://www.google.com/" "Odd \x22Agent\x22 C:\x5CTemp caf\xC3\xA9""#
                + "\n")
    }

    @Test("common is the first seven fields of combined")
    func common() throws {
        let request = try SimulatorFixtures.awkwardRequest()
        let common = text(.common, request)
        #expect(common == #"203.0.113.9 - - [21/Nov/2026:13:55:36 +0000] "GET /search?q=caf%C3%A9+au+lait HTTP/2.0" 200 1234"# + "\n")
        #expect(text(.combined, request).hasPrefix(String(common.dropLast())))
    }

    @Test("combined-cookies joins Set-Cookie headers with '; ' and writes absent values as -")
    func combinedCookies() throws {
        var request = try SimulatorFixtures.awkwardRequest()
        let line = text(.combinedCookies, request)
        #expect(
            line.hasSuffix(
                #" "_ga=GA1.1.1234567890.1795276536; FPID=FPID2.2.ab%2Fcd%3D.1795276536" "PHPSESSID=abc; path=/; secure; HttpOnly; SameSite=Lax; cart_id=42; Path=/; Expires=Mon, 21 Dec 2026 13:55:36 GMT; HttpOnly; Secure; SameSite=Lax" "1""#
                    + "\n"))
        request.cookieHeader = nil
        request.setCookies = []
        request.secGPC = nil
        request.bodyBytes = 0
        let empty = text(.combinedCookiesDNT, request)
        #expect(empty.hasSuffix(#" 200 0 "https://www.google.com/" "Odd \x22Agent\x22 C:\x5CTemp caf\xC3\xA9" "-" "-" "-" "-""# + "\n"))
    }

    @Test("apache-cookies uses ap_escape_logitem, '-' for an empty body and ', ' between Set-Cookies")
    func apache() throws {
        var request = try SimulatorFixtures.awkwardRequest()
        let line = text(.apacheCookies, request)
        #expect(
            line
                == #"203.0.113.9 - - [21/Nov/2026:13:55:36 +0000] "GET /search?q=caf%C3%A9+au+lait HTTP/2.0" 200 1234 "https://www.google.com/" "Odd \"Agent\" C:\\Temp caf\xc3\xa9" "_ga=GA1.1.1234567890.1795276536; FPID=FPID2.2.ab%2Fcd%3D.1795276536" "PHPSESSID=abc; path=/; secure; HttpOnly; SameSite=Lax, cart_id=42; Path=/; Expires=Mon, 21 Dec 2026 13:55:36 GMT; HttpOnly; Secure; SameSite=Lax" "1""#
                + "\n")
        request.bodyBytes = 0
        #expect(text(.apacheCookies, request).contains(#"HTTP/2.0" 200 - ""#))
    }

    @Test("nginx-json parses and round-trips the awkward values")
    func nginxJSON() throws {
        let request = try SimulatorFixtures.awkwardRequest()
        let line = text(.nginxJSON, request)
        #expect(line.contains(#""http_user_agent":"Odd \"Agent\" C:\\Temp café""#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["time_iso8601"] as? String == "2026-11-21T13:55:36+00:00")
        #expect(object["http_user_agent"] as? String == request.userAgent)
        #expect(object["http_cookie"] as? String == request.cookieHeader)
        #expect(object["sent_http_set_cookie"] as? String == request.setCookies.joined(separator: "; "))
        #expect(object["http_dnt"] as? String == "")
        #expect(object["request"] as? String == "GET /search?q=caf%C3%A9+au+lait HTTP/2.0")
        #expect((object["status"] as? NSNumber)?.intValue == 200)
        #expect((object["request_time"] as? NSNumber)?.doubleValue == 0.012)
        let keys = [
            "time_iso8601", "remote_addr", "remote_user", "request", "status", "body_bytes_sent", "http_referer",
            "http_user_agent", "http_cookie", "sent_http_set_cookie", "http_sec_gpc", "http_dnt", "http_x_forwarded_for",
            "host", "request_time",
        ]
        #expect(Set(object.keys) == Set(keys))
    }

    @Test("caddy writes header arrays, every Set-Cookie separately, and Go float timestamps")
    func caddy() throws {
        var request = try SimulatorFixtures.awkwardRequest()
        request.forwardedFor = "198.51.100.7"
        request.clientIP = "10.20.0.11"
        let line = text(.caddy, request)
        #expect(line.contains(#""ts":1795269336.25,"#))
        #expect(line.contains(#""duration":0.012345,"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == "handled request")
        let inner = try #require(object["request"] as? [String: Any])
        #expect(inner["uri"] as? String == "/search?q=caf%C3%A9+au+lait")
        #expect(inner["remote_ip"] as? String == "10.20.0.11")
        #expect(inner["client_ip"] as? String == "198.51.100.7")
        let headers = try #require(inner["headers"] as? [String: [String]])
        #expect(headers["Cookie"] == [request.cookieHeader ?? ""])
        #expect(headers["User-Agent"] == [request.userAgent])
        #expect(headers["Sec-Gpc"] == ["1"])
        #expect(headers["Dnt"] == nil)
        let response = try #require(object["resp_headers"] as? [String: [String]])
        #expect(response["Set-Cookie"] == request.setCookies)
        #expect((object["size"] as? NSNumber)?.intValue == 1234)
    }

    @Test("cloudfront: 33 tab-separated fields, URL-encoded values, '%' encoded again")
    func cloudFront() throws {
        let request = try SimulatorFixtures.awkwardRequest()
        let renderer = LogFormat.cloudfront.renderer
        let header = String(decoding: renderer.fileHeader(firstRequestTime: request.time), as: UTF8.self)
        #expect(header.hasPrefix("#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip "))
        let line = text(.cloudfront, request)
        #expect(line.hasSuffix("\n"))
        let fields = line.dropLast().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        #expect(fields.count == 33)
        #expect(fields[0] == "2026-11-21")
        #expect(fields[1] == "13:55:36")
        #expect(fields[4] == "203.0.113.9")
        #expect(fields[7] == "/search")
        #expect(fields[10] == "Odd%20%22Agent%22%20C:%5CTemp%20caf%C3%A9")
        #expect(fields[11] == "q=caf%25C3%25A9+au+lait")
        #expect(fields[12] == "_ga=GA1.1.1234567890.1795276536;%20FPID=FPID2.2.ab%252Fcd%253D.1795276536")
        #expect(fields[14].count == 56 && fields[14].hasSuffix("=="))
        #expect(fields[15] == "www.shop.example")
        #expect(fields[19] == "-")
        #expect(fields[23] == "HTTP/2.0")
        #expect(fields[26] == "51234")
    }

    @Test("cloudfront sees the viewer behind the site's load balancer")
    func cloudFrontUndoesBalancer() throws {
        var request = try SimulatorFixtures.awkwardRequest()
        request.clientIP = "10.20.0.12"
        request.forwardedFor = "192.168.1.20, 198.51.100.7"
        let fields = text(.cloudfront, request).dropLast().split(separator: "\t", omittingEmptySubsequences: false)
        #expect(fields[4] == "198.51.100.7")
        #expect(fields[19] == "192.168.1.20")
    }

    @Test("iis: W3C header, 16 space-separated fields, spaces as '+'")
    func iis() throws {
        let request = try SimulatorFixtures.awkwardRequest()
        let renderer = LogFormat.iis.renderer
        let header = String(decoding: renderer.fileHeader(firstRequestTime: request.time), as: UTF8.self)
        #expect(
            header
                == "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2026-11-21 13:55:36\n#Fields: "
                + IISRenderer.fields + "\n")
        let line = text(.iis, request)
        let fields = line.dropLast().split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        #expect(fields.count == 16)
        #expect(fields[9] == "Odd+\"Agent\"+C:\\Temp+café")
        #expect(fields[10] == "_ga=GA1.1.1234567890.1795276536;+FPID=FPID2.2.ab%2Fcd%3D.1795276536")
        #expect(fields[5] == "q=caf%C3%A9+au+lait")
        #expect(fields[15] == "12")
    }
}
