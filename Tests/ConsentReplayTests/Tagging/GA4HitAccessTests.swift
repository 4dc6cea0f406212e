import Testing
@testable import ConsentReplay

/// GA4 hits in access logs become incoming tagging events.
struct GA4HitAccessTests {
    @Test func collectRequestsAreIncomingHits() throws {
        let q = "v=2&tid=G-K7QZ3M2P8L&cid=123456789.1795255201&uid=u-42&sid=1795255201&en=page_view&dl=https%3A%2F%2Fwww.shop.example%2Fcart&gcs=G101&gcd=13q3r3q3q5"
        let lines = [
            #"10.20.0.11 - - [21/Nov/2026:10:00:01 +0000] "GET /g/collect?\#(q) HTTP/2.0" 204 0 "https://www.shop.example/" "Mozilla/5.0" "FPID=x" "-" "-" 203.0.113.9, 10.20.0.11"#,
            #"10.20.0.11 - - [21/Nov/2026:10:00:02 +0000] "GET /static/app.js HTTP/2.0" 200 10 "-" "Mozilla/5.0" "-" "-" "-" -"#,
            #"10.20.0.11 - - [21/Nov/2026:10:00:03 +0000] "POST /metrics/g/collect?v=2&cid=9.9&en=purchase HTTP/2.0" 204 0 "-" "Mozilla/5.0" "-" "-" "-" -"#,
        ]
        let format = try LogFormatCompiler.compile(#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_cookie" "$sent_http_set_cookie" "$http_sec_gpc" $http_x_forwarded_for"#)
        let report = try readFile(Array(lines.joined(separator: "\n").utf8), registry: .standard(logFormat: format))
        let hits = report.tally.taggingEvents
        #expect(report.tally.access.ga4Hits == 2 && hits.count == 2)
        #expect(hits[0].direction == .incoming && hits[0].line == 1 && hits[0].recordType == "hit")
        #expect(hits[0].clientID == "123456789.1795255201" && hits[0].userID == "u-42" && hits[0].eventName == "page_view")
        #expect(hits[0].page == "https://www.shop.example/cart")
        #expect(hits[0].ip == "203.0.113.9") // the browser, not the load balancer
        #expect(hits[0].consent.map(\.source) == ["gcs", "gcd"])
        #expect(hits[0].consent.first?.choices.statistics == .granted && hits[0].consent.first?.choices.marketing == .denied)
        #expect(hits[0].fields.contains(PersonalValue(.clientID, hashed: false)) && hits[0].fields.contains(PersonalValue(.ip, hashed: false)))
        #expect(hits[1].line == 3 && hits[1].eventName == "purchase" && hits[1].method == "POST")
    }

    @Test func batchedPostBodyIsOneHitPerEvent() throws {
        let format = try LogFormatCompiler.compile(#"$remote_addr [$time_local] "$request" $status "$http_user_agent" "$request_body""#)
        // nginx logs the body's line breaks as \x0A.
        let line = #"203.0.113.9 [21/Nov/2026:10:00:01 +0000] "POST /g/collect?v=2&tid=G-1&cid=5.6&gcs=G111&dl=https%3A%2F%2Fshop.example%2F HTTP/2.0" 204 "Mozilla/5.0" "en=page_view&_et=1\x0Aen=scroll&epn.percent_scrolled=90\x0Aen=purchase&uid=u-7&em=tv.1~em.a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3""#
        let report = try readFile(Array(line.utf8), registry: .standard(logFormat: format))
        let hits = report.tally.taggingEvents
        #expect(report.tally.access.ga4Hits == 1)
        #expect(hits.map(\.eventName) == ["page_view", "scroll", "purchase"])
        #expect(hits.allSatisfy { $0.clientID == "5.6" && $0.line == 1 && $0.page == "https://shop.example/" })
        #expect(hits[2].userID == "u-7" && hits[2].fields.contains(PersonalValue(.email, hashed: true)))
        #expect(!hits[0].fields.contains(PersonalValue(.email, hashed: true)))
    }
}
