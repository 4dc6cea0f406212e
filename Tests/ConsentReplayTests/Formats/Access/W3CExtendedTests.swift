import Testing
@testable import ConsentReplay

struct W3CExtendedTests {
    static let cloudFrontFields = "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end"

    func parser(_ flavor: W3CExtendedFormat.Flavor, _ fields: String) -> W3CLineParser {
        var p = W3CLineParser(flavor: flavor)
        Array(fields.utf8).withUnsafeBufferPointer { p.applyFields($0) }
        return p
    }

    @Test func cloudFrontLineIsDecoded() throws {
        var p = parser(.cloudFront, Self.cloudFrontFields)
        let values = ["2026-11-21", "13:55:36", "FRA56-P1", "5120", "2001:db8::7", "GET", "d111111abcdef8.cloudfront.net", "/product/shoe", "200",
                      "https://www.google.com/", "Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)", "variant=red&q=caf%C3%A9",
                      "_ga=GA1.1.123.456;%20CookieConsent=%7Bstamp:%2527abc%2527%7D", "Hit", "abcDEF==", "www.shop.example", "https", "420", "0.002",
                      "-", "TLSv1.3", "TLS_AES_128_GCM_SHA256", "Hit", "HTTP/2.0", "-", "-", "51234", "0.001", "Hit", "text/html", "5120", "-", "-"]
        let r = try parseLine(values.joined(separator: "\t"), with: &p).get()
        #expect(r.time == 1_795_269_336_000)
        #expect(r.ip == "2001:db8::7" && r.method == "GET" && r.path == "/product/shoe" && r.status == 200)
        #expect(r.userAgent == "Mozilla/5.0 (Windows NT 10.0; Win64; x64)")
        #expect(r.query == "variant=red&q=caf%C3%A9") // still URL syntax
        #expect(r.cookie == "_ga=GA1.1.123.456; CookieConsent={stamp:%27abc%27}")
        #expect(r.host == "d111111abcdef8.cloudfront.net")
        #expect(r.forwardedFor == nil)
    }

    @Test func iisPlusSignsAndFieldChangesMidFile() throws {
        var p = parser(.iis, "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Cookie) cs(Referer) sc-status sc-substatus sc-win32-status time-taken")
        let r = try parseLine("2026-11-21 13:55:36 10.0.0.5 GET /cart id=1+2 443 - 198.51.100.9 Mozilla/5.0+(Windows+NT+10.0) _ga=GA1.1.5.6;+token=a+b== https://shop.example/ 200 0 0 15", with: &p).get()
        #expect(r.userAgent == "Mozilla/5.0 (Windows NT 10.0)")
        #expect(r.cookie == "_ga=GA1.1.5.6; token=a+b==")
        #expect(r.query == "id=1+2")
        // A new #Fields: line changes the layout of the lines after it.
        #expect(throws: VerdictError(verdict: .skipped(.directive))) { try parseLine("#Fields: date time c-ip cs-method cs-uri-stem sc-status", with: &p).get() }
        let s = try parseLine("2026-11-21 13:55:37 198.51.100.9 POST /checkout 302", with: &p).get()
        #expect(s.method == "POST" && s.status == 302 && s.userAgent == nil)
    }

    @Test(arguments: [
        ("2026-11-21 13:55:37 198.51.100.9 POST", RejectReason.fieldCount),
        ("2026-11-21 13:55:37 198.51.100.9 POST /x 200 extra", .fieldCount),
        ("2026-13-21 13:55:37 198.51.100.9 POST /x 200", .badTime),
    ])
    func rejectedLines(line: String, reason: RejectReason) {
        var p = parser(.generic, "#Fields: date time c-ip cs-method cs-uri-stem sc-status")
        #expect(throws: VerdictError(verdict: .rejected(reason))) { try parseLine(line, with: &p).get() }
    }

    @Test func dataBeforeAnyFieldsLineIsRejected() {
        var p = W3CLineParser(flavor: .generic)
        #expect(throws: VerdictError(verdict: .rejected(.noFieldsHeader))) { try parseLine("2026-11-21 13:55:37 1.2.3.4", with: &p).get() }
    }

    @Test func fieldsDirectiveCarriesAcrossChunks() throws {
        var text = "#Version: 1.0\n#Fields: date time c-ip cs-method cs-uri-stem sc-status\n"
        for i in 0..<200 { text += "2026-11-21 13:55:\(10 + i % 40) 192.0.2.\(i % 250) GET /p\(i) 200\n" }
        text += "#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(Cookie)\n"
        for i in 0..<200 { text += "2026-11-21 13:56:\(10 + i % 40) 192.0.2.\(i % 250) GET /q\(i) 200 a=\(i)\n" }
        for chunkSize in [64, 500, 1 << 20] {
            let report = try readFile(Array(text.utf8), chunkSize: chunkSize)
            #expect(report.formatID == "w3c-extended")
            #expect(report.tally.records == 400)
            #expect(report.tally.skipped[.directive] == 3)
            #expect(report.tally.rejectedCount == 0)
            #expect(report.tally.access.cookiesSent == 200)
        }
    }
}
