import Testing
@testable import ConsentReplay

/// The everyday Cookiebot form is read straight from the bytes (`decodeCommonForm`) when the
/// cookie scan decodes without details: wherever that fast path answers, it must give exactly
/// the signal the general decoder gives, and it must leave everything else to the general one.
struct CookiebotCommonFormTests {
    /// Cookie values built from random members: the real ones with every value kind the
    /// literal allows (booleans, strings, numbers, `-1` stamps, odd methods, out-of-range
    /// times), repeated and unknown keys, and the encodings browsers use (none, once, twice,
    /// quoted, padded).
    static func randomValue(_ random: inout TestRandom) -> String {
        // Values the fast path reads, then values it leaves to the general decoder (one in ten).
        let plain = ["true", "false", "'true'", "'false'", "'yes'", "1", "0", "-1", "'-1'", "''", "'abc+/=='",
                     "'EXPLICIT'", "'explicit'", "'implied'", "'other'", "3", "'3'", "1700000000000", "'1700000000000'",
                     "-5", "99999999999999999999", "'sp ace'", "tru"]
        let odd = ["null", "1.5", "1e3", "[1]", "{a:1}", "\"dq\"", "'a\\'b'", "-"]
        let keys = ["stamp", "necessary", "preferences", "statistics", "marketing", "method", "ver", "utc", "region",
                    "iab2", "gacm", "other_key", "$x", "Necessary"]
        var members: [String] = []
        for _ in 0..<random.int(0..<10) {
            let key = keys[random.int(0..<keys.count)]
            // A category mostly holds a boolean (else the cookie is malformed).
            let isCategory = CookiebotDecoder.categoryNames.contains(key) && random.int(0..<8) != 0
            let value = random.int(0..<10) == 0 ? odd[random.int(0..<odd.count)]
                : isCategory ? plain[random.int(0..<4)] : plain[random.int(0..<plain.count)]
            members.append(key + ":" + value)
        }
        var text = "{" + members.joined(separator: random.int(0..<6) == 0 ? ", " : ",") + "}"
        switch random.int(0..<10) {
        case 0, 1, 2, 3, 4:
            // As browsers send it: quotes and commas encoded.
            text = text.replacingOccurrences(of: "'", with: "%27").replacingOccurrences(of: ",", with: "%2C")
        case 5:
            text = text.replacingOccurrences(of: "'", with: "%27").replacingOccurrences(of: ",", with: "%2C")
                .replacingOccurrences(of: "%", with: "%25")
        case 6: text = "\"" + text + "\""
        case 7: text = " " + text
        case 8: text = ["-1", "0", "{}", "{stamp:%2", "%7B%7D", "{necessary:true}%"][random.int(0..<6)]
        default: break
        }
        return text
    }

    @Test func commonFormGivesWhatTheFullDecoderGives() {
        var random = TestRandom(seed: 2026)
        var fast = 0, malformed = 0
        for _ in 0..<30_000 {
            let value = Self.randomValue(&random)
            var details = ConsentDetails(enabled: false)
            let full: ConsentSignal?
            do { full = try CookiebotDecoder.decodeInFull(value, tables: .defaults, details: &details) } catch { full = nil }
            if full == nil { malformed += 1 }
            guard let quick = CookiebotDecoder.decodeCommonForm(value, tables: .defaults) else { continue }
            fast += 1
            #expect(quick == full, "\(value)")
        }
        // Both paths are exercised, and values the general decoder refuses occur.
        #expect(fast > 3_000)
        #expect(malformed > 1_000)
    }

    @Test func realCookiesTakeTheFastPath() {
        let value = "{stamp:%277JK1bTsRVzt2Ppggr8pXPOMGLi3vYzKwbnQXS/1zqlDU8GPOtsmaDQ==%27%2Cnecessary:true%2Cpreferences:true%2Cstatistics:false%2Cmarketing:true%2Cmethod:%27explicit%27%2Cver:1%2Cutc:1777381692977%2Cregion:%27at%27}"
        let quick = CookiebotDecoder.decodeCommonForm(value, tables: .defaults)
        #expect(quick?.consentID == "7JK1bTsRVzt2Ppggr8pXPOMGLi3vYzKwbnQXS/1zqlDU8GPOtsmaDQ==")
        #expect(quick?.choices[.statistics] == .denied && quick?.choices[.marketing] == .granted)
        #expect(quick?.method == .explicit && quick?.version == "1" && quick?.decidedAt == 1_777_381_692_977)
    }
}
