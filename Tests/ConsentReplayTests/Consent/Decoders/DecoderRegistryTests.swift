import Testing
@testable import ConsentReplay

@Suite("Decoder registry: detectKind, CMP cookie scan")
struct DecoderRegistryTests {
    @Test(arguments: [
        ("{stamp:%27abc%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:true%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:1%2Cutc:1700000000000}", ConsentValueKind.cookiebot),
        ("{stamp:'abc',necessary:true,preferences:false,statistics:true,marketing:false}", .cookiebot),
        ("%7Bstamp%3A%2527abc%2527%252Cnecessary%3Atrue%7D", .cookiebot),
        (OneTrustDecoderTests.full, .onetrust),
        ("OptanonConsent=groups=C0001%3A1&interactionCount=1; OptanonAlertBoxClosed=2026-01-01T00:00:00.000Z", .onetrust),
        ("consentid:abc,consent:yes,action:yes,necessary:yes,functional:yes,analytics:no,performance:no,advertisement:no,other:no", .cookieyes),
        ("consentid%3Aabc%2Cconsent%3Ayes%2Caction%3Ayes%2Cnecessary%3Ayes", .cookieyes),
        ("cmplz_statistics=allow; cmplz_marketing=deny", .complianz),
        ("{\"categories\":[\"necessary\"],\"revision\":0,\"data\":null,\"consentId\":\"x\"}", .ccCookie),
        ("%7B%22level%22%3A%5B%22necessary%22%5D%2C%22revision%22%3A0%2C%22data%22%3Anull%2C%22rfc_cookie%22%3Afalse%7D", .ccCookie),
        ("%7B%22google-analytics%22%3Atrue%2C%22facebook%22%3Afalse%7D", .klaro),
        ("{\"consents\":{\"essential\":[\"borlabs-cookie\"]},\"uid\":\"anonymous\",\"version\":\"1\"}", .borlabs),
        ("!gtag=true!facebook=false!youtube=wait", .tarteaucitron),
        ("%21gtag%3Dtrue", .tarteaucitron),
        ("G100", .gcs),
        ("G1--", .gcs),
        ("11t1t1t1t5", .gcd),
        ("13l3l3l3l1l1", .gcd),
        ("13r3r3R2r5", .gcd),
        ("{\"ad_user_data\":\"GRANTED\",\"ad_personalization\":\"DENIED\"}", .mpConsent),
        ("{\"ad_storage\":true,\"analytics_storage\":false}", .sgtmConsentState),
        ("{\"ad_user_data\":\"granted\",\"ad_storage\":\"denied\"}", .sgtmConsentState),
        ("\"{\\\"analytics_storage\\\":false}\"", .sgtmConsentState),
        ("CQAbCdEAAbCdEAGABCENBBFgAP_AAH_AAAAAAAAAAAAA.YAAAAAAAAAAA", .tcf),
        ("CPt3fQAPt3fQACNAFAENDLCgAAAAAAAAACiQAAAOCgDAB-AIsAZ8A6QDBAHBAAAA", .tcf),
    ])
    func detectsKind(value: String, kind: ConsentValueKind) {
        #expect(ConsentDecoders.detectKind(value) == kind)
    }

    @Test(arguments: ["", "   ", "hello world", "12345", "{\"a\":1}", "[1,2]", "-1", "G1", "11zz", "CQ.."])
    func detectsNothingInNoise(value: String) {
        #expect(ConsentDecoders.detectKind(value) == nil)
    }

    /// Every kind with a detectable sample decodes as the kind it is detected as.
    @Test func everyKindIsCovered() {
        let detectable = Set(ConsentValueKind.allCases)
        let samples: [ConsentValueKind: String] = [
            .cookiebot: "{stamp:'a',necessary:true,preferences:true,statistics:true,marketing:true}",
            .onetrust: OneTrustDecoderTests.full, .cookieyes: "consentid:a,consent:yes,action:yes,necessary:yes",
            .complianz: "cmplz_marketing=allow", .ccCookie: "{\"categories\":[]}", .klaro: "{\"x\":true}",
            .borlabs: "{\"consents\":{}}", .tarteaucitron: "!a=true", .gcs: "G111", .gcd: "11p1p1p1p5",
            .mpConsent: "{\"ad_user_data\":\"DENIED\"}", .sgtmConsentState: "{\"ad_storage\":false}",
            .tcf: "CQAbCdEAAbCdEAGABCENBBFgAP_AAH_AAAAAAAAAAAAA",
        ]
        #expect(Set(samples.keys) == detectable)
        for (kind, value) in samples {
            #expect(ConsentDecoders.detectKind(value) == kind, "\(kind)")
        }
    }

    @Test(arguments: [
        ("CookieConsent", ConsentValueKind?.some(.cookiebot)), ("OptanonConsent", .onetrust), ("OptanonAlertBoxClosed", .onetrust),
        ("cookieyes-consent", .cookieyes), ("cmplz_statistics", .complianz), ("cmplz_banner-status", .complianz),
        ("cc_cookie", .ccCookie), ("klaro", .klaro), ("borlabs-cookie", .borlabs), ("tarteaucitron", .tarteaucitron),
        ("euconsent-v2", .tcf), ("_ga", nil), ("cookieconsent", nil), ("CMPLZ_statistics", nil),
    ])
    func cookieNames(name: String, kind: ConsentValueKind?) {
        #expect(CMPCookies.kind(ofCookieNamed: name) == kind)
    }

    @Test func scansAHeaderWithSeveralCMPCookies() {
        let header = "_ga=GA1.1.1234567890.1700000000; "
            + "CookieConsent={stamp:%27abc%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:true%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:2%2Cutc:1700000000000}; "
            + "cmplz_functional=allow; _fbp=fb.1.1700000000000.123; cmplz_statistics=deny; "
            + "OptanonConsent=isGpcEnabled=0&consentId=ot-1&interactionCount=0&groups=C0001%3A1%2CC0002%3A1%2CC0004%3A0; "
            + "PHPSESSID=abcdef; klaro=not-json; cmplz_marketing=allow; cmplz_banner-status=dismissed; "
            + "OptanonAlertBoxClosed=2026-10-01T03:46:34.701Z; "
            + "cookieyes-consent=consentid:cy,consent:no,action:yes,necessary:yes,functional:no,analytics:no,performance:no,advertisement:no; "
            + "tarteaucitron=\"!gtag=false\""
        var malformed: [MalformedConsentCookie] = []
        let signals = Array(header.utf8).withUnsafeBufferPointer {
            CMPCookies.signals(fromCookieHeader: $0, tables: .defaults, malformed: &malformed)
        }
        #expect(signals.map(\.source) == ["cookiebot", "complianz", "onetrust", "cookieyes", "tarteaucitron"])
        #expect(malformed.count == 1)
        #expect(malformed.first?.cookieName == "klaro")
        #expect(malformed.first?.kind == .klaro)
        #expect(malformed.first?.reason.contains("not valid JSON") == true)

        guard signals.count == 5 else { return }
        #expect(signals[0].consentID == "abc")
        #expect(signals[0].choices.statistics == .granted)
        // Complianz: three category cookies read as one signal.
        #expect(signals[1].choices == expectedChoices([.necessary: .granted, .statistics: .denied, .marketing: .granted]))
        #expect(signals[1].undecided == false)
        // OneTrust: interactionCount=0, but OptanonAlertBoxClosed proves the choice and dates it.
        #expect(signals[2].undecided == false)
        #expect(signals[2].grantedByDefault == false)
        #expect(signals[2].decidedAt == 1_790_826_394_701)
        #expect(signals[2].choices == expectedChoices([.necessary: .granted, .statistics: .granted, .marketing: .denied]))
        #expect(signals[3].consentID == "cy")
        #expect(signals[4].choices == expectedChoices([.statistics: .denied]))
    }

    @Test func headerWithoutCMPCookiesGivesNothing() {
        var malformed: [MalformedConsentCookie] = []
        let signals = Array("_ga=GA1.1.1.2; _gid=GA1.1.3.4; session=xyz; cookieconsent_status=dismiss".utf8).withUnsafeBufferPointer {
            CMPCookies.signals(fromCookieHeader: $0, tables: .defaults, malformed: &malformed)
        }
        #expect(signals.isEmpty)
        #expect(malformed.isEmpty)
    }

    @Test func aTCStringCookieIsNeverDroppedSilently() {
        var malformed: [MalformedConsentCookie] = []
        let header = "euconsent-v2=CQAbCdEAAbCdEAGABCENBBFgAP_AAH_AAAAAAAAAAAAA.YAAAAAAAAAAA; a=b"
        let signals = Array(header.utf8).withUnsafeBufferPointer {
            CMPCookies.signals(fromCookieHeader: $0, tables: .defaults, malformed: &malformed)
        }
        #expect(signals.count + malformed.count == 1)
        #expect(signals.allSatisfy { $0.source == "tcf" })
    }

    @Test func oneTrustWithoutAlertBoxClosedStaysUndecided() {
        var malformed: [MalformedConsentCookie] = []
        let header = "OptanonConsent=consentId=x&interactionCount=0&groups=C0001%3A1%2CC0002%3A1"
        let signals = Array(header.utf8).withUnsafeBufferPointer {
            CMPCookies.signals(fromCookieHeader: $0, tables: .defaults, malformed: &malformed)
        }
        #expect(signals.count == 1)
        #expect(signals.first?.undecided == true)
        #expect(signals.first?.grantedByDefault == true)
        #expect(signals.first?.decidedAt == nil)
    }

    @Test func decodedSignalsMatchTheStandaloneDecode() throws {
        // The scan skips building details; the signal must be the same.
        let value = "consentid:cy,consent:yes,action:yes,necessary:yes,functional:yes,analytics:yes,performance:no,advertisement:yes"
        let standalone = try ConsentDecoders.decode(value, as: .cookieyes).signal
        var malformed: [MalformedConsentCookie] = []
        let scanned = Array("cookieyes-consent=\(value)".utf8).withUnsafeBufferPointer {
            CMPCookies.signals(fromCookieHeader: $0, tables: .defaults, malformed: &malformed)
        }
        #expect(scanned == [standalone])
    }

    @Test func customTablesAreUsed() throws {
        var tables = PurposeTables.defaults
        tables.oneTrustGroups["STACK42"] = .marketing
        tables.services["my-chat"] = .preferences
        let onetrust = try ConsentDecoders.decode("interactionCount=1&groups=C0001:1,STACK42:0", as: .onetrust, tables: tables)
        #expect(onetrust.signal.choices.marketing == .denied)
        let klaro = try ConsentDecoders.decode("{\"my-chat\":true}", as: .klaro, tables: tables)
        #expect(klaro.signal.choices.preferences == .granted)
    }

    @Test func detailsSerialiseWithSortedKeys() throws {
        let decoded = try ConsentDecoders.decode("G110", as: .gcs)
        let text = decoded.details.serialized(indent: 0)
        #expect(text.hasPrefix("{\"defaultOnlyPurposes\":[\"marketing\"],\"grantedByDefault\":true,\"kind\":\"gcs\","))
    }
}
