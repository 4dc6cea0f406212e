import Testing
@testable import ConsentReplay

/// No-crash properties: random bytes, truncations and single-byte changes of valid values
/// either decode or throw `ConsentDecodeError`; they never trap.
@Suite("Decoder robustness (random and damaged values)")
struct DecoderRobustnessTests {
    /// One valid sample per kind, in the shapes the other suites test.
    static let samples: [(ConsentValueKind, String)] = [
        (.cookiebot, "{stamp:%27G+6rYDf==%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:true%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:3%2Cutc:1700000000000%2Cregion:%27de%27%2Ciab2:%27CP5jqEAP5jqEA.YAAAAAAAAAAA%27}"),
        (.onetrust, "OptanonAlertBoxClosed=2026-10-01T03:46:34.701Z; OptanonConsent=" + OneTrustDecoderTests.full),
        (.cookieyes, "consentid%3Aabc%2Cconsent%3Ayes%2Caction%3Ayes%2Cnecessary%3Ayes%2Cfunctional%3Ayes%2Canalytics%3Ano%2Cother%3Ano"),
        (.complianz, "cmplz_consented_services={\"youtube\":true}; cmplz_policy_id=14; cmplz_marketing=deny; cmplz_statistics=allow; cmplz_banner-status=dismissed"),
        (.ccCookie, "%7B%22categories%22%3A%5B%22necessary%22%2C%22analytics%22%5D%2C%22revision%22%3A0%2C%22consentTimestamp%22%3A%222026-03-01T10%3A00%3A00.000Z%22%2C%22services%22%3A%7B%22analytics%22%3A%5B%22ga%22%5D%7D%7D"),
        (.klaro, "%7B%22google-analytics%22%3Atrue%2C%22facebook%22%3Afalse%7D"),
        (.borlabs, "{\"consents\":{\"essential\":[\"borlabs-cookie\"],\"statistics\":[\"google-analytics\"]},\"expires\":\"Sat, 18 Feb 2023 09:06:19 GMT\",\"uid\":\"u\",\"v3\":true,\"version\":1}"),
        (.tarteaucitron, "!gtag=true!facebook=false!youtube=wait"),
        (.gcs, "G110"),
        (.gcd, "13r3r3R2r5l1"),
        (.mpConsent, "{\"ad_user_data\":\"GRANTED\",\"ad_personalization\":\"DENIED\"}"),
        (.sgtmConsentState, "\"{\\\"ad_storage\\\":true,\\\"analytics_storage\\\":\\\"denied\\\"}\""),
        (.tcf, "CQAbCdEAAbCdEAGABCENBBFgAP_AAH_AAAAAAAAAAAAA.YAAAAAAAAAAA"),
    ]

    /// Decodes with every decoder and auto-detection; the only allowed failure is a thrown
    /// `ConsentDecodeError` with a non-empty reason.
    static func exercise(_ text: String) {
        for kind in ConsentValueKind.allCases {
            do throws(ConsentDecodeError) {
                let decoded = try ConsentDecoders.decode(text, as: kind)
                #expect(decoded.signal.source == kind.rawValue)
                _ = decoded.details.serialized(indent: 0)
            } catch {
                #expect(!error.reason.isEmpty)
            }
        }
        _ = ConsentDecoders.detectKind(text)
    }

    @Test func samplesDecode() throws {
        for (kind, value) in Self.samples where kind != .tcf {
            _ = try ConsentDecoders.decode(value, as: kind)
        }
    }

    @Test(arguments: 0..<13)
    func truncationsNeverTrap(sampleIndex: Int) {
        let value = Array(Self.samples[sampleIndex].1.utf8)
        for end in 0...value.count {
            Self.exercise(String(decoding: value[..<end], as: UTF8.self))
            Self.exercise(String(decoding: value[(value.count - end)...], as: UTF8.self))
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func mutationsNeverTrap(seed: UInt64) {
        var rng = TestRandom(seed: seed)
        let interesting = Array("{}[]'\":,;=&!%25%27%2C0123456789-_+GlrtR\\ \u{00}\u{7f}é".utf8)
        for (_, sample) in Self.samples {
            let bytes = Array(sample.utf8)
            for _ in 0..<60 {
                var mutated = bytes
                let changes = 1 + rng.below(3)
                for _ in 0..<changes where !mutated.isEmpty {
                    let at = rng.below(mutated.count)
                    switch rng.below(3) {
                    case 0: mutated[at] = interesting[rng.below(interesting.count)]
                    case 1: mutated.remove(at: at)
                    default: mutated.insert(interesting[rng.below(interesting.count)], at: at)
                    }
                }
                Self.exercise(String(decoding: mutated, as: UTF8.self))
            }
        }
    }

    @Test(arguments: [UInt64(11), 12, 13, 14])
    func randomBytesNeverTrap(seed: UInt64) {
        var rng = TestRandom(seed: seed)
        let alphabet = Array("{}[]'\":,;=&!%0123456789abcdefABCDEFGlmnpqrtuv_-+./ \\".utf8)
        for round in 0..<150 {
            let count = rng.below(64)
            var bytes: [UInt8] = []
            for _ in 0..<count {
                // Half the rounds use any byte, half the structural alphabet.
                bytes.append(round % 2 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : alphabet[rng.below(alphabet.count)])
            }
            Self.exercise(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test(arguments: [UInt64(21), 22])
    func randomCookieHeadersNeverTrap(seed: UInt64) {
        var rng = TestRandom(seed: seed)
        let names = CMPCookies.cookieNames.map(\.name) + ["cmplz_statistics", "cmplz_banner-status", "cmplz_consented_services", "_ga", "x"]
        for _ in 0..<200 {
            var header = ""
            for index in 0..<rng.below(6) {
                if index > 0 { header += "; " }
                let (_, sample) = Self.samples[rng.below(Self.samples.count)]
                var value = Array(sample.utf8)
                if !value.isEmpty { value = Array(value[..<rng.below(value.count + 1)]) }
                header += names[rng.below(names.count)] + "=" + String(decoding: value, as: UTF8.self)
            }
            var malformed: [MalformedConsentCookie] = []
            let signals = Array(header.utf8).withUnsafeBufferPointer {
                CMPCookies.signals(fromCookieHeader: $0, tables: .defaults, malformed: &malformed)
            }
            #expect(malformed.allSatisfy { !$0.reason.isEmpty })
            _ = signals
        }
    }

    @Test func deepNestingIsRejectedNotOverflowed() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        Self.exercise(deep)
        let literal = "{a:" + String(repeating: "{a:", count: 3000) + "1" + String(repeating: "}", count: 3001)
        #expect(throws: ConsentDecodeError.self) { try ConsentDecoders.decode(literal, as: .cookiebot) }
    }

    @Test func hugeValuesAreRejected() {
        let huge = String(repeating: "a", count: (1 << 20) + 1)
        for kind in ConsentValueKind.allCases where kind != .tcf {
            #expect(throws: ConsentDecodeError.self) { try ConsentDecoders.decode(huge, as: kind) }
        }
    }
}
