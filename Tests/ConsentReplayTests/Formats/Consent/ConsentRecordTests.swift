import Testing
@testable import ConsentReplay

struct ConsentRecordTests {
    func read(_ text: String, chunkSize: Int = 1 << 20) throws -> FileReport {
        try readFile(Array(text.utf8), chunkSize: chunkSize)
    }

    @Test func cookiebotExport() throws {
        let report = try read(#"""
            DATE-TIME;CONSENT-ID;CONSENT-URL;CONSENT-PREFERENCES;CONSENT-STATISTICS;CONSENT-MARKETING;USER-IP-ANONYMIZED;USER-AGENT;IP-COUNTRY
            2026-11-21 10:00:01;AbC123==;https://www.shop.example/;true;true;false;203.0.113.0;Mozilla/5.0 (X11);DE
            2026-11-21 10:05:00;XyZ987==;https://www.shop.example/cart;false;false;false;198.51.100.0;"Mozilla/5.0; ""quoted""";NL
            broken;row
            2026-13-45 10:00:00;Q;u;1;1;1;1.2.3.0;ua;DE
            2026-11-21 10:06:00;Open"quote;u;1;1;1;1.2.3.0;"ua;DE
            2026-11-21 10:07:00;Mid"quote;u;1;1;1;1.2.3.0;ua;DE

            """#)
        #expect(report.formatID == "consent-csv" && report.kind == .consent)
        let records = report.tally.consentRecords
        #expect(records.count == 3)
        #expect(records[0].time == 1_795_255_201_000 && records[0].consentID == "AbC123==")
        #expect(records[0].choices.statistics == .granted && records[0].choices.marketing == .denied && records[0].effectiveAction == .partial)
        #expect(records[1].userAgent == #"Mozilla/5.0; "quoted""# && records[1].effectiveAction == .reject && records[1].country == "NL")
        #expect(records[2].consentID == #"Mid"quote"#)
        #expect(report.tally.rejected[.fieldCount]?.lines == [4])
        #expect(report.tally.rejected[.badTime]?.lines == [5])
        #expect(report.tally.rejected[.unterminatedQuote]?.lines == [6])
        #expect(report.tally.skipped[SkipReason("header")] == 1)
        #expect(report.tally.consent.missingEvidence["banner_version"] == 3)
    }

    @Test(arguments: [",", "|", "\t"])
    func wordpressPluginStyleWithAnyDelimiter(delimiter: String) throws {
        let rows = [["consent_date", "ip_address", "necessary_consent", "analytics_consent", "targeting_consent", "consent_version", "Consent ID"],
                    ["21/11/2026 10:00:01", "203.0.113.0", "yes", "no", "deny", "3", "a"],
                    ["21.11.2026 11:00", "198.51.100.0", "Yes", "1", "allow", "3", "b"],
                    ["1795255201", "::1", "TRUE", "False", "granted", "3", "c"]]
        let report = try read(rows.map { $0.joined(separator: delimiter) }.joined(separator: "\r\n"))
        let r = report.tally.consentRecords
        #expect(r.count == 3)
        #expect(r[0].time == 1_795_255_201_000 && r[0].choices.statistics == .denied && r[0].choices.marketing == .denied && r[0].bannerVersion == "3")
        #expect(r[1].time == 1_795_258_800_000 && r[1].effectiveAction == .accept)
        #expect(r[2].time == 1_795_255_201_000 && r[2].choices.statistics == .denied && r[2].choices.marketing == .granted)
        #expect(report.tally.rejectedCount == 0)
    }

    @Test func genericExportWithActionsAndAColumnMap() throws {
        let text = "Zeitpunkt,consent_id,action,method,marketing\n2026-11-21T10:00:00+01:00,a,accept,explicit,\n2026-11-21T10:00:00Z,b,withdraw,explicit,false\n2026-11-21T10:00:00Z,c,scrolled,implied,true\n"
        var config = Configuration()
        config.consentColumns = ["time": "Zeitpunkt"]
        let registry = FormatRegistry.standard(consentColumns: config.consentColumns)
        let report = try readFile(Array(text.utf8), registry: registry)
        let r = report.tally.consentRecords
        #expect(r.count == 3)
        #expect(r[0].time == 1_795_251_600_000 && r[0].action == .accept && r[0].choices.marketing == .granted)
        #expect(r[1].action == .withdraw && r[1].choices.marketing == .denied)
        #expect(r[2].method == .implied && r[2].action == nil && r[2].choices.marketing == .granted)
        // Without the column map there is no time column: still a consent log (consent_id), no times.
        let plain = try read(text)
        #expect(plain.tally.consentRecords.allSatisfy { $0.time == nil })
    }

    @Test func didomiAndOrestbidaJSONLines() throws {
        let report = try read("""
            {"id":"c1","created_at":"2026-11-21T10:00:00Z","user":{"id":"u1","country":"FR"},"consents":{"purposes":[{"id":"cookies","enabled":true},{"id":"measure_content_performance","enabled":true},{"id":"select_basic_ads","enabled":false}]}}
            {"consentId":"e2f1","acceptType":"custom","acceptedCategories":["necessary","analytics"],"rejectedCategories":["ads"],"consentTimestamp":"2026-11-21T10:00:00.000Z"}
            {"consent_id":"g1","timestamp":1795255201000,"purposes":{"analytics":true,"marketing":false},"version":"7"}
            {"not":"consent"}
            {"broken":

            """)
        #expect(report.formatID == "consent-json")
        let r = report.tally.consentRecords
        #expect(r.count == 3)
        #expect(r[0].consentID == "c1" && r[0].visitorID == "u1" && r[0].country == "FR")
        #expect(r[0].choices.statistics == .granted && r[0].choices.marketing == .denied && r[0].choices.preferences == .granted)
        #expect(r[1].action == .partial && r[1].choices.statistics == .granted && r[1].choices.marketing == .denied)
        #expect(r[2].time == 1_795_255_201_000 && r[2].bannerVersion == "7")
        #expect(report.tally.rejected[RejectReason("not-a-consent-record")]?.lines == [4])
        #expect(report.tally.rejected[.invalidJSON]?.lines == [5])
    }

    /// A pretty-printed JSON array, read in chunks of every size, gives the same records; a
    /// truncated array keeps every complete element and reports where the broken one starts.
    @Test(arguments: [16, 100, 1 << 20])
    func jsonArrayInAnyChunking(chunkSize: Int) throws {
        var text = "[\n"
        for i in 0..<40 {
            text += "  {\n    \"consentId\": \"id-\(i)\",\n    \"acceptType\": \"\(i % 2 == 0 ? "all" : "necessary")\",\n"
            text += "    \"acceptedCategories\": [\"necessary\"\(i % 2 == 0 ? ", \"analytics\", \"ads\"" : "")],\n"
            text += "    \"consentTimestamp\": \"2026-11-21T10:00:\(10 + i % 50).000Z\"\n  }\(i < 39 ? "," : "")\n"
        }
        let whole = text + "]\n"
        let report = try read(whole, chunkSize: chunkSize)
        #expect(report.isJSONArray && report.formatID == "consent-json")
        #expect(report.tally.consentRecords.map(\.consentID) == (0..<40).map { "id-\($0)" })
        #expect(report.tally.consentRecords.map(\.line) == (0..<40).map { 2 + $0 * 6 })
        #expect(report.physicalLines == 242)
        let cut = String(whole.prefix(whole.count - 60))
        let truncated = try read(cut, chunkSize: chunkSize)
        #expect(truncated.tally.consentRecords.count == 39)
        #expect(truncated.tally.rejected[RejectReason("truncated-json-array")]?.lines == [2 + 39 * 6])
    }
}

/// Header names are compared normalised: ASCII letters lower-cased, everything but ASCII letters
/// and digits left out, as a scalar-by-scalar filter would.
struct ConsentHeaderNameTests {
    static func reference(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.compactMap { u -> Unicode.Scalar? in
            if u >= "A" && u <= "Z" { return Unicode.Scalar(u.value + 32) }
            return (u >= "a" && u <= "z") || (u >= "0" && u <= "9") ? u : nil
        }))
    }

    @Test(arguments: ["consent_id", "Consent-ID", "ConsentId", "  time ", "Zeitpunkt", "Zustimmungsdatum (UTC)",
                      "Präferenzen", "größe", "banner_version_2", "", "__", "ÀÉÎ-42", "id\u{0}x"])
    func normaliseKeepsASCIILettersAndDigits(name: String) {
        #expect(ConsentField.normalise(name) == Self.reference(name))
    }

    @Test func headerSpellingsFindTheirField() {
        #expect(ConsentField.field(forHeader: "Consent-ID") == ConsentField.field(forHeader: "consent_id"))
        #expect(ConsentField.field(forHeader: "Consent-ID") != nil)
    }
}
