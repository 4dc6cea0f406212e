import Testing
@testable import ConsentReplay

@Suite("cc_cookie, Klaro, Borlabs and tarteaucitron decoders")
struct JSONCookieDecoderTests {
    static let cases: [DecoderCase] = [
        DecoderCase(
            label: "cc_cookie v3, percent-encoded",
            value: "%7B%22categories%22%3A%5B%22necessary%22%2C%22analytics%22%5D%2C%22revision%22%3A0%2C%22data%22%3Anull%2C%22consentTimestamp%22%3A%222026-03-01T10%3A00%3A00.000Z%22%2C%22consentId%22%3A%2255f8f5b1-5f2e-4c4a-9a0e-3f7f0e1c2d3b%22%2C%22services%22%3A%7B%22necessary%22%3A%5B%5D%2C%22analytics%22%3A%5B%22ga%22%5D%7D%2C%22languageCode%22%3A%22en%22%2C%22lastConsentTimestamp%22%3A%222026-03-02T09%3A00%3A00.000Z%22%2C%22expirationTime%22%3A1788000000000%7D",
            kind: .ccCookie,
            purposes: [.necessary: .granted, .statistics: .granted, .preferences: .denied, .marketing: .denied],
            consentID: "55f8f5b1-5f2e-4c4a-9a0e-3f7f0e1c2d3b", decidedAt: 1_772_442_000_000, version: "0",
            details: [
                "libraryVersion": .int(3), "acceptedCategories": decoderStrings(["necessary", "analytics"]),
                "deniedByOmission": decoderStrings(["marketing", "preferences"]),
                "consentTimestamp": .string("2026-03-01T10:00:00.000Z"),
                "services": .object(["necessary": .array([]), "analytics": decoderStrings(["ga"])]),
            ]),
        DecoderCase(
            label: "cc_cookie v2, plain JSON",
            value: "{\"level\":[\"necessary\",\"analytics\",\"targeting\"],\"revision\":2,\"data\":null,\"rfc_cookie\":false}",
            kind: .ccCookie,
            purposes: [.necessary: .granted, .statistics: .granted, .marketing: .granted, .preferences: .denied],
            version: "2",
            details: ["libraryVersion": .int(2), "rfcCookie": .bool(false)]),
        DecoderCase(
            label: "cc_cookie: unknown category is listed",
            value: "{\"categories\":[\"necessary\",\"chat\"],\"revision\":1,\"consentId\":\"c\"}",
            kind: .ccCookie,
            purposes: [.necessary: .granted, .preferences: .denied, .statistics: .denied, .marketing: .denied],
            consentID: "c", version: "1",
            details: ["unmappedCategories": decoderStrings(["chat"])]),
        DecoderCase(
            label: "Klaro, percent-encoded",
            value: "%7B%22google-analytics%22%3Atrue%2C%22facebook%22%3Afalse%2C%22my-chat%22%3Atrue%7D",
            kind: .klaro,
            purposes: [.statistics: .granted, .marketing: .denied],
            details: ["unmappedServices": decoderStrings(["my-chat"]),
                      "services": .object(["google-analytics": .string("granted"), "facebook": .string("denied"), "my-chat": .string("granted")])]),
        DecoderCase(
            label: "Klaro: one denied service denies the purpose",
            value: "{\"matomo\":true,\"hotjar\":false,\"youtube\":true}",
            kind: .klaro,
            purposes: [.statistics: .denied, .marketing: .granted]),
        DecoderCase(
            label: "Borlabs v2",
            value: "%7B%22consents%22%3A%7B%22essential%22%3A%5B%22borlabs-cookie%22%5D%2C%22statistics%22%3A%5B%22google-analytics%22%5D%2C%22marketing%22%3A%5B%22google-adsense%22%2C%22facebook-pixel%22%5D%2C%22external-media%22%3A%5B%22facebook%22%2C%22googlemaps%22%2C%22youtube%22%5D%7D%2C%22domainPath%22%3A%22kreativ-welt.example%2F%22%2C%22expires%22%3A%22Sat%2C%2018%20Feb%202023%2009%3A06%3A19%20GMT%22%2C%22uid%22%3A%22mnep763s-rd6x72ar-cp4vilgp-78z4hijv%22%2C%22version%22%3A%222%22%7D",
            kind: .borlabs,
            purposes: [.necessary: .granted, .statistics: .granted, .marketing: .granted, .preferences: .denied],
            consentID: "mnep763s-rd6x72ar-cp4vilgp-78z4hijv", version: "2",
            details: ["pluginVersion": .int(2), "expires": .string("2023-02-18T09:06:19.000Z"), "domainPath": .string("kreativ-welt.example/"),
                      "deniedByOmission": decoderStrings(["preferences"])]),
        DecoderCase(
            label: "Borlabs v3, essential only, anonymous uid",
            value: "%7B%22consents%22%3A%7B%22essential%22%3A%5B%22borlabs-cookie%22%2C%22wpml%22%5D%7D%2C%22domainPath%22%3A%22donkeys.example%2F%22%2C%22expires%22%3A%22Sat%2C%2007%20Sep%202024%2002%3A24%3A51%20GMT%22%2C%22uid%22%3A%22anonymous%22%2C%22v3%22%3Atrue%2C%22version%22%3A1%7D",
            kind: .borlabs,
            purposes: [.necessary: .granted, .preferences: .denied, .statistics: .denied, .marketing: .denied],
            version: "1",
            details: ["pluginVersion": .int(3), "uid": .string("anonymous")]),
        DecoderCase(
            label: "Borlabs: empty group, tracker in essential",
            value: "{\"consents\":{\"essential\":[\"borlabs-cookie\",\"google-analytics\"],\"statistics\":[],\"marketing\":[]},\"uid\":\"u\",\"version\":\"3\"}",
            kind: .borlabs,
            purposes: [.necessary: .granted, .preferences: .denied, .statistics: .denied, .marketing: .denied],
            consentID: "u", version: "3",
            warnings: ["'statistics' is listed without any service", "'google-analytics' (statistics) is in group 'essential'"]),
        DecoderCase(
            label: "tarteaucitron",
            value: "!gtag=true!facebook=false!youtube=wait",
            kind: .tarteaucitron,
            purposes: [.statistics: .granted, .marketing: .denied],
            details: ["pendingServices": decoderStrings(["youtube"])]),
        DecoderCase(
            label: "tarteaucitron, percent-encoded, unknown service",
            value: "%21gtag%3Dtrue%21facebook%3Dtrue%21myservice%3Dfalse",
            kind: .tarteaucitron,
            purposes: [.statistics: .granted, .marketing: .granted],
            details: ["unmappedServices": decoderStrings(["myservice"])]),
        DecoderCase(
            label: "tarteaucitron: nothing answered",
            value: "!gtag=wait!facebook=wait",
            kind: .tarteaucitron,
            purposes: [:], undecided: true),
    ]

    @Test(arguments: cases)
    func decodes(_ c: DecoderCase) throws { try checkDecoded(c) }

    static let malformed: [MalformedCase] = [
        MalformedCase(value: "{\"categories\":[\"necessary\"", kind: .ccCookie, reasonContains: "not valid JSON"),
        MalformedCase(value: "{\"revision\":0}", kind: .ccCookie, reasonContains: "neither 'categories'"),
        MalformedCase(value: "{\"categories\":\"analytics\"}", kind: .ccCookie, reasonContains: "expected an array"),
        MalformedCase(value: "[true]", kind: .klaro, reasonContains: "expected a JSON object"),
        MalformedCase(value: "{\"a\":\"yes\"}", kind: .klaro, reasonContains: "no service"),
        MalformedCase(value: "{\"domainPath\":\"x\"}", kind: .borlabs, reasonContains: "no 'consents'"),
        MalformedCase(value: "{\"consents\":{\"essential\":\"borlabs-cookie\"}}", kind: .borlabs, reasonContains: "expected an array"),
        MalformedCase(value: "gtag=true", kind: .tarteaucitron, reasonContains: "!service=state"),
        MalformedCase(value: "!!!", kind: .tarteaucitron, reasonContains: "no !service"),
    ]

    @Test(arguments: malformed)
    func rejects(_ c: MalformedCase) { checkMalformed(c) }
}
