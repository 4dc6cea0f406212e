import Testing
@testable import ConsentReplay

@Suite("OneTrust decoder")
struct OneTrustDecoderTests {
    static let full = "isGpcEnabled=0&datestamp=Tue+Oct+17+2023+10%3A00%3A00+GMT%2B0200+(Central+European+Summer+Time)&version=202310.1.0&isIABGlobal=false&hosts=&consentId=0f6a4a4e-2b1c-4d7e-9f00-0123456789ab&interactionCount=1&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A1%2CC0004%3A0%2CSTACK42%3A1%2CBG12%3A1&AwaitingReconsent=false&geolocation=DE%3BBY"

    static let cases: [DecoderCase] = [
        DecoderCase(
            label: "decided, STACK and BG ids unmapped",
            value: full, kind: .onetrust,
            purposes: [.necessary: .granted, .statistics: .denied, .preferences: .granted, .marketing: .denied],
            consentID: "0f6a4a4e-2b1c-4d7e-9f00-0123456789ab",
            details: [
                "unmappedGroups": decoderStrings(["BG12", "STACK42"]),
                "groups": .object(["C0001": .string("granted"), "C0002": .string("denied"), "C0003": .string("granted"),
                                   "C0004": .string("denied"), "STACK42": .string("granted"), "BG12": .string("granted")]),
                "interactionCount": .int(1), "gpcEnabled": .bool(false), "sdkVersion": .string("202310.1.0"),
                "datestamp": .string("2023-10-17T08:00:00.000Z"), "awaitingReconsent": .bool(false),
                "geolocation": .object(["country": .string("DE"), "region": .string("BY")]),
                "landingPath": .string("NotLandingPage"),
            ]),
        DecoderCase(
            label: "the same, not percent-encoded",
            value: "isGpcEnabled=1&datestamp=Tue Oct 17 2023 10:00:00 GMT+0200 (CEST)&version=202310.1.0&consentId=abc&interactionCount=3&groups=C0001:1,C0002:1,C0003:0,C0004:1,V2STACK42:0&AwaitingReconsent=false",
            kind: .onetrust,
            purposes: [.necessary: .granted, .statistics: .granted, .preferences: .denied, .marketing: .granted],
            consentID: "abc",
            details: ["unmappedGroups": decoderStrings(["V2STACK42"]), "gpcEnabled": .bool(true), "datestamp": .string("2023-10-17T08:00:00.000Z")]),
        DecoderCase(
            label: "never answered: interactionCount=0",
            value: "isGpcEnabled=0&datestamp=Tue+Mar+28+2023+15%3A07%3A05+GMT%2B0800+(China+Standard+Time)&version=202209.2.0&isIABGlobal=false&hosts=&consentId=3cfefc52-a9fe-4d46-a57f-125e1a84a4cb&interactionCount=0&landingPath=https%3A%2F%2Fwww.example.com%2Fen%2Fpage.html&groups=C0001%3A1%2CC0003%3A0%2CC0004%3A0%2CC0002%3A0",
            kind: .onetrust,
            purposes: [.necessary: .granted, .statistics: .denied, .preferences: .denied, .marketing: .denied],
            undecided: true, consentID: "3cfefc52-a9fe-4d46-a57f-125e1a84a4cb",
            details: ["datestamp": .string("2023-03-28T07:07:05.000Z"), "landingPath": .string("https://www.example.com/en/page.html")]),
        DecoderCase(
            label: "never answered, opt-out defaults grant",
            value: "consentId=u1&interactionCount=0&groups=C0001%3A1%2CC0002%3A1%2CC0004%3A1",
            kind: .onetrust,
            purposes: [.necessary: .granted, .statistics: .granted, .marketing: .granted],
            undecided: true, grantedByDefault: true, consentID: "u1"),
        DecoderCase(
            label: "cookie header with OptanonAlertBoxClosed",
            value: "OptanonAlertBoxClosed=2026-10-01T03:46:34.701Z; OptanonConsent=isGpcEnabled=0&datestamp=Thu+Oct+01+2026+09%3A16%3A34+GMT%2B0530+(India+Standard+Time)&version=202509.1.0&browserGpcFlag=0&isIABGlobal=false&identifierType=&hosts=&consentId=a7daf70c&interactionCount=0&isAnonUser=1&landingPath=NotLandingPage&groups=C0002%3A1%2CC0004%3A1%2CC0003%3A1%2CC0001%3A1&iType=1&intType=1",
            kind: .onetrust,
            purposes: [.necessary: .granted, .statistics: .granted, .preferences: .granted, .marketing: .granted],
            consentID: "a7daf70c", decidedAt: 1_790_826_394_701,
            details: ["alertBoxClosed": .string("2026-10-01T03:46:34.701Z"), "browserGpcFlag": .bool(false),
                      "otherFields": .object(["identifierType": .string(""), "isAnonUser": .string("1"), "iType": .string("1"), "intType": .string("1")])]),
        DecoderCase(
            label: "old SDK without consentId or interactionCount",
            value: "isGpcEnabled=0&datestamp=Tue+Sep+06+2022+18%3A09%3A11+GMT-0400+(hora+de+Venezuela)&version=6.34.0&isIABGlobal=false&hosts=&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A1%2CC0004%3A1&geolocation=VE%3BN&AwaitingReconsent=false",
            kind: .onetrust,
            purposes: [.necessary: .granted, .statistics: .granted, .preferences: .granted, .marketing: .granted],
            undecided: true, grantedByDefault: true,
            details: ["datestamp": .string("2022-09-06T22:09:11.000Z")],
            warnings: ["no interactionCount and no OptanonAlertBoxClosed"]),
        DecoderCase(
            label: "whole value encoded once more",
            value: "isGpcEnabled%3D0%26consentId%3Dx1%26interactionCount%3D2%26groups%3DC0001%253A1%252CC0002%253A0",
            kind: .onetrust,
            purposes: [.necessary: .granted, .statistics: .denied],
            consentID: "x1",
            warnings: ["percent-encoded once more"]),
        DecoderCase(
            label: "awaiting reconsent and a garbled group",
            value: "consentId=r&interactionCount=4&groups=C0001:1,C0002,C0004:0&AwaitingReconsent=true",
            kind: .onetrust,
            purposes: [.necessary: .granted, .marketing: .denied],
            consentID: "r",
            warnings: ["AwaitingReconsent=true", "group entry 'C0002'"]),
    ]

    @Test(arguments: cases)
    func decodes(_ c: DecoderCase) throws { try checkDecoded(c) }

    @Test(arguments: [
        ("Tue Oct 17 2023 10:00:00 GMT+0200 (Central European Summer Time)", Int64(1_697_529_600_000)),
        ("Mon Aug 14 2023 19:37:28 GMT+0100 (West Africa Standard Time)", Int64(1_692_038_248_000)),
        ("Tue Sep 06 2022 18:09:11 GMT-0400 (hora de Venezuela)", Int64(1_662_502_151_000)),
    ])
    func parsesJavaScriptDates(text: String, expected: Int64) {
        #expect(OneTrustDecoder.parseJavaScriptDate(text) == expected)
    }

    @Test(arguments: ["Tue Oct 17 2023", "Tue Foo 17 2023 10:00:00 GMT+0200", "Tue Oct 32 2023 10:00:00 GMT+0200", "Tue Oct 17 2023 10:00:00 UTC+0200", "Tue Oct 17 2023 10:00 GMT+0200"])
    func rejectsOtherDates(text: String) {
        #expect(OneTrustDecoder.parseJavaScriptDate(text) == nil)
    }

    static let malformed: [MalformedCase] = [
        MalformedCase(value: "hello", kind: .onetrust, reasonContains: "name=value"),
        MalformedCase(value: "isGpcEnabled=0&datestamp=x&consentId=y", kind: .onetrust, reasonContains: "no 'groups' field"),
        MalformedCase(value: "OptanonAlertBoxClosed=2026-10-01T03:46:34.701Z", kind: .onetrust, reasonContains: "no OptanonConsent"),
    ]

    @Test(arguments: malformed)
    func rejects(_ c: MalformedCase) { checkMalformed(c) }
}
