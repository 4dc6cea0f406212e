import Testing
@testable import ConsentReplay

struct FileReaderTests {
    static func line(_ second: Int, status: Int = 200, ua: String = "Mozilla/5.0") -> String {
        let s = second % 60, m = second / 60
        let time = "21/Nov/2026:13:\(m < 10 ? "0" : "")\(m):\(s < 10 ? "0" : "")\(s) +0000"
        return #"203.0.113.7 - - [\#(time)] "GET /p\#(second) HTTP/1.1" \#(status) 10 "-" "\#(ua)" "_ga=GA1.1.1.\#(second)" "-" "-""#
    }

    /// A file with good lines, broken lines, blank lines, CRLF and no final newline.
    static func messyFile() -> [UInt8] {
        var text: [UInt8] = []
        for i in 0..<300 {
            var l = Array(line(i).utf8)
            if i % 50 == 7 { l = Array("garbage \(i)".utf8) }
            if i % 40 == 3 { l = [] }
            if i % 33 == 5 { l += [UInt8(ascii: "\r")] }
            if i == 100 { l = Array(line(i, ua: "bad \u{FF} byte").utf8).map { $0 == 0xC3 ? 0xFF : $0 } }
            text += l + [UInt8(ascii: "\n")]
        }
        text += Array(line(299).utf8) // no final newline
        return text
    }

    @Test(arguments: [64, 1000, 1 << 20])
    func countsAddUpAndDoNotDependOnChunking(chunkSize: Int) throws {
        let text = Self.messyFile()
        let report = try readFile(text, chunkSize: chunkSize)
        let t = report.tally
        #expect(t.lines == 301)
        #expect(t.records + t.rejectedCount + t.skippedCount == t.lines)
        #expect(t.rejected[.layoutMismatch]?.count == 14) // 6 garbage + 8 blank lines (blank is not a record either)
        #expect(t.rejected[.layoutMismatch]?.lines.first == 4)
        #expect(t.warnings["invalid-utf8"]?.lines == [101])
        let reference = try readFile(text, chunkSize: 1 << 20, jobs: 1)
        #expect(reference.tally.records == t.records)
        #expect(reference.tally.rejected == t.rejected)
        #expect(reference.tally.access == t.access)
    }

    @Test func outOfOrderRecordsAreCountedAcrossChunks() throws {
        var text: [UInt8] = []
        let seconds = (0..<200).map { $0 * 10 } + [5] + (200..<300).map { $0 * 10 }
        for s in seconds { text += Array(Self.line(s % 3600).utf8) + [UInt8(ascii: "\n")] }
        for chunkSize in [100, 4096, 1 << 20] {
            let report = try readFile(text, chunkSize: chunkSize)
            #expect(report.tally.warnings["out-of-order"]?.count == 1)
            #expect(report.tally.warnings["out-of-order"]?.lines == [201])
        }
    }

    @Test func unrecognisedFileStopsOrIsSkipped() throws {
        let text = Array("just some\ntext\n".utf8)
        #expect(throws: UnrecognisedFormat.self) { try readFile(text) }
        var reader = FileReader(registry: .standard(), context: ParseContext(), jobs: 1)
        reader.chunkSize = 64
        let report = try reader.read(MemorySource(text), compressed: false, file: InputFile(displayPath: "x"), skipUnknown: true)
        #expect(report.unrecognised)
    }

    @Test func cookieAndOptOutCountsAreTallied() throws {
        let lines = [
            #"192.0.2.1 - - [21/Nov/2026:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "ua" "_ga=GA1.1.1.2; _fbp=fb.1.2.3" "a=1; Path=/, b=; Max-Age=0, c=3; Expires=Thu, 01 Jan 1970 00:00:00 GMT" "1""#,
            #"192.0.2.1 - - [21/Nov/2026:13:55:37 +0000] "GET / HTTP/1.1" 200 1 "-" "ua" "-" "-" "0""#,
        ]
        let report = try readFile(Array(lines.joined(separator: "\n").utf8))
        let a = report.tally.access
        #expect(a.requests == 2 && a.withCookieHeader == 1 && a.cookiesSent == 2)
        #expect(a.withSetCookie == 1 && a.cookiesSet == 3 && a.cookieDeletions == 2)
        #expect(a.secGPC == 1 && a.dnt == 0)
    }
}

struct ConsentCookieCountTests {
    @Test func consentCookiesAreDecodedAndMalformedOnesReported() throws {
        let cookiebot = "CookieConsent=%7Bstamp%3A%27AbC%3D%3D%27%2Cnecessary%3Atrue%2Cpreferences%3Afalse%2Cstatistics%3Atrue%2Cmarketing%3Afalse%2Cmethod%3A%27explicit%27%2Cver%3A1%2Cutc%3A1795255201000%2Cregion%3A%27de%27%7D"
        let onetrust = "OptanonConsent=isGpcEnabled=0&consentId=abc&interactionCount=1&groups=C0001%3A1%2CC0002%3A1%2CC0004%3A0"
        let lines = [
            #"192.0.2.1 - - [21/Nov/2026:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "ua" "_ga=GA1.1.1.2; \#(cookiebot)" "-" "-""#,
            #"192.0.2.1 - - [21/Nov/2026:13:55:37 +0000] "GET /a HTTP/1.1" 200 1 "-" "ua" "\#(cookiebot); _fbp=fb.1.2.3" "-" "-""#,
            #"192.0.2.2 - - [21/Nov/2026:13:55:38 +0000] "GET / HTTP/1.1" 200 1 "-" "ua" "CookieConsent={broken" "-" "-""#,
            #"192.0.2.3 - - [21/Nov/2026:13:55:39 +0000] "GET / HTTP/1.1" 200 1 "-" "ua" "\#(onetrust); cmplz_statistics=allow; cmplz_marketing=deny" "-" "-""#,
            #"192.0.2.4 - - [21/Nov/2026:13:55:40 +0000] "GET / HTTP/1.1" 200 1 "-" "ua" "PHPSESSID=x" "-" "-""#,
        ]
        for chunkSize in [64, 1 << 20] {
            let report = try readFile(Array(lines.joined(separator: "\n").utf8), chunkSize: chunkSize)
            let a = report.tally.access
            #expect(a.consentCookies == ["cookiebot": 2, "onetrust": 1, "complianz": 1])
            #expect(a.malformedConsentCookies == ["cookiebot": 1])
            #expect(report.tally.warnings["malformed-consent-cookie"]?.lines == [3])
            #expect(a.cookiesSentByPurpose.necessary == 7 && a.cookiesSentByPurpose.statistics == 1 && a.cookiesSentByPurpose.marketing == 1)
        }
    }
}
