import Testing
@testable import ConsentReplay

@Suite("CookieYes and Complianz decoders")
struct CookieYesComplianzDecoderTests {
    static let cookieYes: [DecoderCase] = [
        DecoderCase(
            label: "accepted some, plain",
            value: "consentid:abc,consent:yes,action:yes,necessary:yes,functional:yes,analytics:no,performance:no,advertisement:no,other:no",
            kind: .cookieyes,
            purposes: [.necessary: .granted, .preferences: .granted, .statistics: .denied, .marketing: .denied],
            consentID: "abc",
            details: ["unmappedCategories": decoderStrings(["other"]), "consent": .string("yes"), "action": .string("yes")]),
        DecoderCase(
            label: "accepted all, percent-encoded",
            value: "consentid%3AWHRLbHhJZVJl%2Cconsent%3Ayes%2Caction%3Ayes%2Cnecessary%3Ayes%2Cfunctional%3Ayes%2Canalytics%3Ayes%2Cperformance%3Ayes%2Cadvertisement%3Ayes%2Cother%3Ayes",
            kind: .cookieyes,
            purposes: [.necessary: .granted, .preferences: .granted, .statistics: .granted, .marketing: .granted],
            consentID: "WHRLbHhJZVJl"),
        DecoderCase(
            label: "rejected",
            value: "consentid:WHRLbHhJ,consent:no,action:yes,necessary:yes,functional:no,analytics:no,performance:no,advertisement:no,other:no",
            kind: .cookieyes,
            purposes: [.necessary: .granted, .preferences: .denied, .statistics: .denied, .marketing: .denied],
            consentID: "WHRLbHhJ"),
        DecoderCase(
            label: "no action yet, opt-out defaults",
            value: "consentid:U0pYR3ow,consent:yes,action:no,necessary:yes,functional:yes,analytics:yes,performance:yes,advertisement:yes,other:yes",
            kind: .cookieyes,
            purposes: [.necessary: .granted, .preferences: .granted, .statistics: .granted, .marketing: .granted],
            undecided: true, grantedByDefault: true, consentID: "U0pYR3ow"),
        DecoderCase(
            label: "banner never shown: empty words",
            value: "consentid:YjZOOUV4,consent:,action:,necessary:,functional:,analytics:,performance:,advertisement:,other:",
            kind: .cookieyes,
            purposes: [:], undecided: true, consentID: "YjZOOUV4",
            details: ["action": .null]),
        DecoderCase(
            label: "analytics yes but performance no: statistics denied",
            value: "consentid:,consent:yes,action:yes,necessary:yes,analytics:yes,performance:no",
            kind: .cookieyes,
            purposes: [.necessary: .granted, .statistics: .denied]),
    ]

    @Test(arguments: cookieYes)
    func decodesCookieYes(_ c: DecoderCase) throws { try checkDecoded(c) }

    static let complianz: [DecoderCase] = [
        DecoderCase(
            label: "full set after a choice",
            value: "cmplz_consented_services=; cmplz_policy_id=14; cmplz_marketing=deny; cmplz_statistics=allow; cmplz_preferences=allow; cmplz_functional=allow; cmplz_banner-status=dismissed",
            kind: .complianz,
            purposes: [.necessary: .granted, .preferences: .granted, .statistics: .granted, .marketing: .denied],
            version: "14"),
        DecoderCase(
            label: "two cookies only",
            value: "cmplz_statistics=allow; cmplz_marketing=deny",
            kind: .complianz,
            purposes: [.statistics: .granted, .marketing: .denied]),
        DecoderCase(
            label: "banner still showing",
            value: "cmplz_banner-status=show; cmplz_functional=allow",
            kind: .complianz,
            purposes: [.necessary: .granted], undecided: true),
        DecoderCase(
            label: "older cookie names and services",
            value: "cmplz_choice=set; cmplz_stats=allow; cmplz_all=allow; cmplz_id=91093; cmplz_consented_services={\"youtube\":true}; cmplz_statistics-anonymous=allow",
            kind: .complianz,
            purposes: [.statistics: .granted, .marketing: .granted], consentID: "91093",
            details: ["consentedServices": .object(["youtube": .bool(true)])]),
        DecoderCase(
            label: "odd value is warned",
            value: "cmplz_marketing=maybe; cmplz_banner-status=dismissed; _ga=GA1.1.1.1",
            kind: .complianz,
            purposes: [:], warnings: ["neither allow nor deny"]),
    ]

    @Test(arguments: complianz)
    func decodesComplianz(_ c: DecoderCase) throws { try checkDecoded(c) }

    static let malformed: [MalformedCase] = [
        MalformedCase(value: "just some text", kind: .cookieyes, reasonContains: "key:value"),
        MalformedCase(value: "consentid:abc,consent:yes,action:yes", kind: .cookieyes, reasonContains: "no category"),
        MalformedCase(value: "_ga=GA1.1.2.3; foo=bar", kind: .complianz, reasonContains: "no cmplz_* cookie"),
    ]

    @Test(arguments: malformed)
    func rejects(_ c: MalformedCase) { checkMalformed(c) }
}
