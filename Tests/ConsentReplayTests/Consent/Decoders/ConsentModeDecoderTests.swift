import Testing
@testable import ConsentReplay

@Suite("Consent Mode decoders (gcs, gcd, Measurement Protocol, consent_state)")
struct ConsentModeDecoderTests {
    static let gcs: [DecoderCase] = [
        DecoderCase(label: "G100", value: "G100", kind: .gcs, purposes: [.marketing: .denied, .statistics: .denied]),
        DecoderCase(label: "G110", value: "G110", kind: .gcs, purposes: [.marketing: .granted, .statistics: .denied],
                    grantedByDefault: true, details: ["defaultOnlyPurposes": decoderStrings(["marketing"])]),
        DecoderCase(label: "G101", value: "G101", kind: .gcs, purposes: [.marketing: .denied, .statistics: .granted], grantedByDefault: true),
        DecoderCase(label: "G111", value: "G111", kind: .gcs, purposes: [.marketing: .granted, .statistics: .granted], grantedByDefault: true,
                    details: ["signals": .object(["ad_storage": .string("granted"), "analytics_storage": .string("granted")])]),
        DecoderCase(label: "G1-- (not set)", value: "G1--", kind: .gcs, purposes: [:],
                    details: ["signals": .object(["ad_storage": .string("not set"), "analytics_storage": .string("not set")])]),
        DecoderCase(label: "G1-0", value: "G1-0", kind: .gcs, purposes: [.statistics: .denied]),
    ]

    @Test(arguments: gcs)
    func decodesGCS(_ c: DecoderCase) throws { try checkDecoded(c) }

    static let gcd: [DecoderCase] = [
        DecoderCase(
            label: "four letters, all granted by default (t)", value: "11t1t1t1t5", kind: .gcd,
            purposes: [.marketing: .granted, .statistics: .granted], grantedByDefault: true,
            details: [
                "form": .string("four-letter"),
                "defaultOnlyPurposes": decoderStrings(["marketing", "statistics"]),
                "flags": .object(["character": .string("5"), "gpc": .bool(false), "consentModeActive": .bool(true), "adPersonalizationSignalsCode": .int(1)]),
            ]),
        DecoderCase(
            label: "all denied by default (p)", value: "11p1p1p1p5", kind: .gcd,
            purposes: [.marketing: .denied, .statistics: .denied]),
        DecoderCase(
            label: "denied by default, granted by update (r)", value: "11r1r1r1r5", kind: .gcd,
            purposes: [.marketing: .granted, .statistics: .granted]),
        DecoderCase(
            label: "analytics denied after update (q)", value: "11p1q1p1p5", kind: .gcd,
            purposes: [.marketing: .denied, .statistics: .denied]),
        DecoderCase(
            label: "no default, updates only (n, m)", value: "11n1m1n1n5", kind: .gcd,
            purposes: [.marketing: .granted, .statistics: .denied]),
        DecoderCase(
            label: "granted by default, withdrawn (u) and confirmed (v: still a default grant, contract §3.4)", value: "11u1v1t1t5", kind: .gcd,
            purposes: [.marketing: .denied, .statistics: .granted], grantedByDefault: true),
        DecoderCase(
            label: "only analytics denied by default, others not set", value: "11l1p1l1l5", kind: .gcd,
            purposes: [.statistics: .denied]),
        DecoderCase(
            label: "Consent Mode not active (13l3l3l3l1)", value: "13l3l3l3l1", kind: .gcd,
            purposes: [:],
            details: [
                "form": .string("four-letter"),
                "flags": .object(["character": .string("1"), "gpc": .bool(false), "consentModeActive": .bool(false), "adPersonalizationSignalsCode": .int(1)]),
                "signals": .object([
                    "ad_storage": .object(["letter": .string("l"), "default": .string("not set"), "update": .string("not set"), "separator": .string("3"), "implicit": .string("granted"), "state": .string("not set")]),
                    "analytics_storage": .object(["letter": .string("l"), "default": .string("not set"), "update": .string("not set"), "separator": .string("3"), "implicit": .string("granted"), "state": .string("not set")]),
                    "ad_user_data": .object(["letter": .string("l"), "default": .string("not set"), "update": .string("not set"), "separator": .string("3"), "implicit": .string("granted"), "state": .string("not set")]),
                    "ad_personalization": .object(["letter": .string("l"), "default": .string("not set"), "update": .string("not set"), "separator": .string("3"), "implicit": .string("granted"), "state": .string("not set")]),
                ]),
            ]),
        DecoderCase(
            label: "five letters, Consent Mode not active (13l3l3l3l1l1)", value: "13l3l3l3l1l1", kind: .gcd,
            purposes: [:],
            details: [
                "form": .string("five-letter"),
                "containerDefaults": .object([
                    "characters": .string("l1"), "ad_storage": .string("not set"), "analytics_storage": .string("not set"),
                    "ad_user_data": .string("not set"), "ad_personalization": .string("not set"), "used": .bool(false),
                ]),
            ]),
        DecoderCase(
            label: "upper-case letter: declared grant only (13r3r3R2r5)", value: "13r3r3R2r5", kind: .gcd,
            purposes: [.marketing: .granted, .statistics: .granted], grantedByDefault: true,
            details: ["defaultOnlyPurposes": decoderStrings(["marketing"])],
            warnings: ["letter 'R' for ad_user_data is outside the nine documented letters"]),
        DecoderCase(
            label: "five letters with an update", value: "13l3l3R3l5l1", kind: .gcd,
            purposes: [.marketing: .granted], grantedByDefault: true,
            details: ["form": .string("five-letter")],
            warnings: ["letter 'R'"]),
        DecoderCase(
            label: "five letters, denied by default and updated", value: "13p3p3p3p5p5", kind: .gcd,
            purposes: [.marketing: .denied, .statistics: .denied],
            details: ["containerDefaults": .object([
                "characters": .string("p5"), "ad_storage": .string("not set"), "analytics_storage": .string("denied"),
                "ad_user_data": .string("not set"), "ad_personalization": .string("not set"), "used": .bool(true),
            ])]),
    ]

    @Test(arguments: gcd)
    func decodesGCD(_ c: DecoderCase) throws { try checkDecoded(c) }

    /// Every documented letter decodes by the bit layout to the table of the community sources.
    @Test(arguments: [
        ("l", "not set", "not set"), ("m", "not set", "denied"), ("n", "not set", "granted"),
        ("p", "denied", "not set"), ("q", "denied", "denied"), ("r", "denied", "granted"),
        ("t", "granted", "not set"), ("u", "granted", "denied"), ("v", "granted", "granted"),
    ])
    func documentedLettersMatchTheTable(letter: String, byDefault: String, update: String) throws {
        let decoded = try ConsentDecoders.decode("11\(letter)1l1l1l5", as: .gcd)
        guard case .object(let signals)? = decoded.detail("signals"), case .object(let adStorage)? = signals["ad_storage"] else {
            Issue.record("no signals")
            return
        }
        #expect(adStorage["default"] == .string(byDefault))
        #expect(adStorage["update"] == .string(update))
        #expect(adStorage["declared"] == nil)
        #expect(decoded.warnings.isEmpty)
    }

    static let consentObjects: [DecoderCase] = [
        DecoderCase(
            label: "MP consent: one denied", value: "{\"ad_user_data\":\"GRANTED\",\"ad_personalization\":\"DENIED\"}", kind: .mpConsent,
            purposes: [.marketing: .denied]),
        DecoderCase(
            label: "MP consent: both granted", value: "{\"ad_user_data\":\"GRANTED\",\"ad_personalization\":\"GRANTED\"}", kind: .mpConsent,
            purposes: [.marketing: .granted]),
        DecoderCase(
            label: "MP consent: lower case warned", value: "{\"ad_user_data\":\"granted\"}", kind: .mpConsent,
            purposes: [.marketing: .granted], warnings: ["capitals"]),
        DecoderCase(
            label: "consent_state booleans", value: "{\"ad_storage\":true,\"analytics_storage\":false,\"ad_user_data\":true,\"ad_personalization\":true}",
            kind: .sgtmConsentState,
            purposes: [.marketing: .granted, .statistics: .denied], grantedByDefault: true),
        DecoderCase(
            label: "consent_state strings inside a JSON string", value: "\"{\\\"ad_storage\\\":\\\"denied\\\",\\\"analytics_storage\\\":\\\"granted\\\",\\\"region\\\":\\\"DE\\\"}\"",
            kind: .sgtmConsentState,
            purposes: [.marketing: .denied, .statistics: .granted], grantedByDefault: true,
            warnings: ["given as a JSON string", "'region' is 'DE'"]),
        DecoderCase(
            label: "consent_state unknown signal", value: "{\"analytics_storage\":\"denied\",\"sale_of_data\":false}",
            kind: .sgtmConsentState,
            purposes: [.statistics: .denied], details: ["unmappedSignals": decoderStrings(["sale_of_data"])]),
    ]

    @Test(arguments: consentObjects)
    func decodesConsentObjects(_ c: DecoderCase) throws { try checkDecoded(c) }

    static let malformed: [MalformedCase] = [
        MalformedCase(value: "G2", kind: .gcs, reasonContains: "4 characters"),
        MalformedCase(value: "G112", kind: .gcs, reasonContains: "expected 1, 0 or -"),
        MalformedCase(value: "G1000", kind: .gcs, reasonContains: "4 characters"),
        MalformedCase(value: "X100", kind: .gcs, reasonContains: "expected 'G1'"),
        MalformedCase(value: "G200", kind: .gcs, reasonContains: "unknown gcs version"),
        MalformedCase(value: "11t1t1t1", kind: .gcd, reasonContains: "at least 10"),
        MalformedCase(value: "11t1t1t1t", kind: .gcd, reasonContains: "at least 10"),
        MalformedCase(value: "21t1t1t1t5", kind: .gcd, reasonContains: "format version '1'"),
        MalformedCase(value: "11t1t1t1t5l", kind: .gcd, reasonContains: "11 characters"),
        MalformedCase(value: "11a1t1t1t5", kind: .gcd, reasonContains: "not a consent letter"),
        MalformedCase(value: "111t1t1t15", kind: .gcd, reasonContains: "not a consent letter"),
        MalformedCase(value: "11t1t1t1t!", kind: .gcd, reasonContains: "flags character"),
        MalformedCase(value: "11t1t1+1t5", kind: .gcd, reasonContains: "outside the gcd alphabet"),
        MalformedCase(value: "{\"ad_user_data\":\"YES\"}", kind: .mpConsent, reasonContains: "expected \"GRANTED\" or \"DENIED\""),
        MalformedCase(value: "[1]", kind: .mpConsent, reasonContains: "expected a JSON object"),
        MalformedCase(value: "{\"ad_storage\":[1]}", kind: .sgtmConsentState, reasonContains: "no member holds a consent state"),
        MalformedCase(value: "ad_storage=granted", kind: .sgtmConsentState, reasonContains: "not valid JSON"),
    ]

    @Test(arguments: malformed)
    func rejects(_ c: MalformedCase) { checkMalformed(c) }
}
