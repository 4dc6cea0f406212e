import Testing
@testable import ConsentReplay

/// GA4 hits in access logs: counted while reading, and turned into incoming hit events by
/// `GA4HitRequests.events`.
struct GA4HitAccessTests {
    static let format = #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_cookie" "$sent_http_set_cookie" "$http_sec_gpc" "$http_x_forwarded_for" "$request_body""#

    /// The hit events of one access line.
    static func hits(_ line: String) throws -> [TaggingEvent] {
        let parser = LogTemplateParser(template: try LogFormatCompiler.compile(format).template)
        let arena = FieldArena()
        var record = AccessRecord()
        let bytes = Array(line.utf8)
        let verdict = bytes.withUnsafeBufferPointer { parser.parse($0, into: &record, arena: arena) }
        #expect(verdict == .record)
        var strings = ChunkInterner()
        var consentModes = ConsentSignalCache()
        return GA4HitRequests.events(record, line: 7, arena: arena, context: ParseContext(), strings: &strings, consentModes: &consentModes)
    }

    @Test func collectRequestsAreIncomingHits() throws {
        let q = "v=2&tid=G-K7QZ3M2P8L&cid=123456789.1795255201&uid=u-42&sid=1795255201&en=page_view&dl=https%3A%2F%2Fwww.shop.example%2Fcart&gcs=G101&gcd=13q3r3q3q5"
        let hits = try Self.hits(#"10.20.0.11 - - [21/Nov/2026:10:00:01 +0000] "GET /g/collect?\#(q) HTTP/2.0" 204 0 "https://www.shop.example/" "Mozilla/5.0" "FPID=x" "-" "-" "203.0.113.9, 10.20.0.11" "-""#)
        #expect(hits.count == 1)
        let hit = try #require(hits.first)
        #expect(hit.direction == .incoming && hit.line == 7 && hit.recordType == "hit")
        #expect(hit.clientID == "123456789.1795255201" && hit.userID == "u-42" && hit.eventName == "page_view")
        #expect(hit.page == "https://www.shop.example/cart")
        #expect(hit.ip == "203.0.113.9") // the browser, not the load balancer
        #expect(hit.consent.map(\.source) == ["gcs", "gcd"])
        #expect(hit.consent.first?.choices.statistics == .granted && hit.consent.first?.choices.marketing == .denied)
        #expect(hit.fields.contains(PersonalValue(.clientID, hashed: false)) && hit.fields.contains(PersonalValue(.ip, hashed: false)))
    }

    @Test func batchedPostBodyIsOneHitPerEvent() throws {
        // nginx logs the body's line breaks as \x0A.
        let line = #"203.0.113.9 - - [21/Nov/2026:10:00:01 +0000] "POST /metrics/g/collect?v=2&tid=G-1&cid=5.6&gcs=G111&dl=https%3A%2F%2Fshop.example%2F HTTP/2.0" 204 0 "-" "Mozilla/5.0" "-" "-" "-" "-" "en=page_view&_et=1\x0Aen=scroll&epn.percent_scrolled=90\x0Aen=purchase&uid=u-7&em=tv.1~em.a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3""#
        let hits = try Self.hits(line)
        #expect(hits.map(\.eventName) == ["page_view", "scroll", "purchase"])
        #expect(hits.allSatisfy { $0.clientID == "5.6" && $0.page == "https://shop.example/" && $0.method == "POST" })
        #expect(hits[2].userID == "u-7" && hits[2].fields.contains(PersonalValue(.email, hashed: true)))
        #expect(!hits[0].fields.contains(PersonalValue(.email, hashed: true)))
    }

    @Test func analyzeCountsCollectRequests() throws {
        let lines = [
            #"10.20.0.11 - - [21/Nov/2026:10:00:01 +0000] "GET /g/collect?v=2&cid=1.2&en=page_view HTTP/2.0" 204 0 "-" "Mozilla/5.0" "-" "-" "-""#,
            #"10.20.0.11 - - [21/Nov/2026:10:00:02 +0000] "GET /static/app.js HTTP/2.0" 200 10 "-" "Mozilla/5.0" "-" "-" "-""#,
            #"10.20.0.11 - - [21/Nov/2026:10:00:03 +0000] "POST /mp/collect?measurement_id=G-1 HTTP/2.0" 204 0 "-" "Mozilla/5.0" "-" "-" "-""#,
        ]
        let report = try readFile(Array(lines.joined(separator: "\n").utf8))
        #expect(report.tally.access.ga4Hits == 2)
    }
}
