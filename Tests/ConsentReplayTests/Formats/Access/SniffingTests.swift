import Testing
@testable import ConsentReplay

struct SniffingTests {
    func sample(_ lines: [String]) -> SniffSample { SniffSample(lines: lines.map { Array($0.utf8) }) }

    static let combinedLine = #"203.0.113.7 - - [21/Nov/2026:13:55:36 +0000] "GET / HTTP/1.1" 200 5120 "-" "Mozilla/5.0""#

    @Test func combinedAndCommon() {
        let registry = FormatRegistry.standard()
        #expect(registry.recognise(sample([Self.combinedLine, Self.combinedLine]), kind: nil)?.format.id == "combined")
        let common = #"203.0.113.7 - - [21/Nov/2026:13:55:36 +0000] "GET / HTTP/1.1" 200 5120"#
        #expect(registry.recognise(sample([common, common]), kind: nil)?.format.id == "common")
    }

    @Test func extraFieldRolesAreInferredFromContent() {
        let lines = [
            Self.combinedLine + #" "_ga=GA1.1.1.2; _fbp=fb.1.2.3" "-" "-""#,
            Self.combinedLine + #" "-" "PHPSESSID=x; Path=/; HttpOnly" "1""#,
        ]
        let match = FormatRegistry.standard().recognise(sample(lines), kind: nil)
        #expect(match?.format.id == "combined+extra")
        #expect(match?.format.layout.hasSuffix(#""$http_cookie" "$sent_http_set_cookie" "$http_sec_gpc""#) == true)
    }

    @Test func rolesOutOfConventionalOrder() {
        let lines = [
            Self.combinedLine + #" "PHPSESSID=x; Path=/; HttpOnly" "_ga=GA1.1.1.2" "1" "0""#,
            Self.combinedLine + #" "-" "_ga=GA1.1.1.2" "-" "1""#,
        ]
        let layout = FormatRegistry.standard().recognise(sample(lines), kind: nil)?.format.layout ?? ""
        #expect(layout.hasSuffix(#""$sent_http_set_cookie" "$http_cookie" "$extra3" "$http_dnt""#) || layout.hasSuffix(#""$sent_http_set_cookie" "$http_cookie" "$http_sec_gpc" "$http_dnt""#))
    }

    @Test func givenLogFormatWinsOverGuesses() throws {
        let format = try LogFormatCompiler.compile(#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_dnt""#)
        let registry = FormatRegistry.standard(logFormat: format)
        let match = registry.recognise(sample([Self.combinedLine + #" "1""#]), kind: nil)
        #expect(match?.format.id == "nginx-log-format")
    }

    @Test func w3cFlavours() {
        let cloudFront = ["#Version: 1.0", "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie)",
                          "2026-11-21\t13:55:36\tFRA56-P1\t100\t192.0.2.1\tGET\td1.cloudfront.net\t/\t200\t-\tMozilla/5.0%20(X11)\t-\ta=1"]
        #expect(FormatRegistry.standard().recognise(sample(cloudFront), kind: nil)?.format.id == "w3c-cloudfront")
        let iis = ["#Software: Microsoft Internet Information Services 10.0", "#Fields: date time c-ip cs-method cs-uri-stem sc-status",
                   "2026-11-21 13:55:36 192.0.2.1 GET / 200"]
        #expect(FormatRegistry.standard().recognise(sample(iis), kind: nil)?.format.id == "w3c-iis")
    }

    @Test func unknownTextIsNotRecognised() {
        #expect(FormatRegistry.standard().recognise(sample(["hello world", "this is not a log"]), kind: nil) == nil)
        #expect(FormatRegistry.standard().recognise(sample([Self.combinedLine]), kind: .consent) == nil)
    }
}
