import Testing
@testable import ConsentReplay

@Suite("Cookiebot decoder")
struct CookiebotDecoderTests {
    static let cases: [DecoderCase] = [
        DecoderCase(
            label: "current version, percent-encoded as browsers send it",
            value: "{stamp:%27G+6rYDfrzwrZItFRfHCbe8iQIFLhMDCgjBS+/Oq/gZe0Lovh65ODgg==%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:true%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:3%2Cutc:1700000000000%2Cregion:%27de%27}",
            kind: .cookiebot,
            purposes: [.necessary: .granted, .preferences: .denied, .statistics: .granted, .marketing: .denied],
            method: .explicit, consentID: "G+6rYDfrzwrZItFRfHCbe8iQIFLhMDCgjBS+/Oq/gZe0Lovh65ODgg==",
            decidedAt: 1_700_000_000_000, version: "3",
            details: [
                "region": .string("de"), "consentRequired": .bool(true),
                "categories": .object(["necessary": .bool(true), "preferences": .bool(false), "statistics": .bool(true), "marketing": .bool(false)]),
            ]),
        DecoderCase(
            label: "not encoded, spaces after commas",
            value: "{stamp:'abc', necessary:true, preferences:true, statistics:true, marketing:true, method:'explicit', ver:1, utc:1745622155764, region:'nz'}",
            kind: .cookiebot,
            purposes: [.necessary: .granted, .preferences: .granted, .statistics: .granted, .marketing: .granted],
            method: .explicit, consentID: "abc", decidedAt: 1_745_622_155_764, version: "1"),
        DecoderCase(
            label: "double-encoded",
            value: "%7Bstamp%3A%2527abc%2527%252Cnecessary%3Atrue%252Cpreferences%3Afalse%252Cstatistics%3Afalse%252Cmarketing%3Afalse%252Cmethod%3A%2527explicit%2527%252Cver%3A2%252Cutc%3A1705162226478%7D",
            kind: .cookiebot,
            purposes: [.necessary: .granted, .preferences: .denied, .statistics: .denied, .marketing: .denied],
            method: .explicit, consentID: "abc", decidedAt: 1_705_162_226_478, version: "2",
            warnings: ["percent-encoded 2 times"]),
        DecoderCase(
            label: "older version without method",
            value: "{stamp:%27oJ35SLjkzW4RaUoGqC9nv0TjIDn9KP4raUYB5i2R9p0pT/40h2LtBg==%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:false%2Cmarketing:false%2Cver:1%2Cutc:1666875104776%2Cregion:%27gb%27}",
            kind: .cookiebot,
            purposes: [.necessary: .granted, .preferences: .denied, .statistics: .denied, .marketing: .denied],
            consentID: "oJ35SLjkzW4RaUoGqC9nv0TjIDn9KP4raUYB5i2R9p0pT/40h2LtBg==", decidedAt: 1_666_875_104_776, version: "1"),
        DecoderCase(
            label: "oldest version without method or region",
            value: "{stamp:'wW6iT2j7+WAW',necessary:true,preferences:true,statistics:true,marketing:true,ver:1,utc:1669336189763}",
            kind: .cookiebot,
            purposes: [.necessary: .granted, .preferences: .granted, .statistics: .granted, .marketing: .granted],
            consentID: "wW6iT2j7+WAW", decidedAt: 1_669_336_189_763, version: "1"),
        DecoderCase(
            label: "stamp -1: no consent required in the region",
            value: "{stamp:%27-1%27%2Cnecessary:true%2Cpreferences:true%2Cstatistics:true%2Cmarketing:true%2Cmethod:%27implied%27%2Cver:1%2Cutc:1695456095624%2Cregion:%27CN%27}",
            kind: .cookiebot,
            purposes: [.necessary: .granted, .preferences: .granted, .statistics: .granted, .marketing: .granted],
            method: .implied, decidedAt: 1_695_456_095_624, version: "1",
            details: ["consentRequired": .bool(false), "region": .string("CN")]),
        DecoderCase(
            label: "legacy -1",
            value: "-1", kind: .cookiebot,
            purposes: [.necessary: .granted, .preferences: .granted, .statistics: .granted, .marketing: .granted],
            method: .implied, details: ["consentRequired": .bool(false), "legacyValue": .string("-1")]),
        DecoderCase(
            label: "legacy 0: declined",
            value: "0", kind: .cookiebot,
            purposes: [.necessary: .granted, .preferences: .denied, .statistics: .denied, .marketing: .denied],
            details: ["legacyValue": .string("0")]),
        DecoderCase(
            label: "implied consent",
            value: "{stamp:'xyz',necessary:true,preferences:true,statistics:true,marketing:true,method:'implied',ver:1,utc:1700000000000}",
            kind: .cookiebot,
            purposes: [.necessary: .granted, .preferences: .granted, .statistics: .granted, .marketing: .granted],
            method: .implied, consentID: "xyz", decidedAt: 1_700_000_000_000, version: "1"),
        DecoderCase(
            label: "quoted cookie value with unknown extra field",
            value: "\"{stamp:'q',necessary:true,preferences:false,statistics:false,marketing:true,method:'explicit',ver:4,utc:1700000000001,gacm:'2~AA==',newField:7}\"",
            kind: .cookiebot,
            purposes: [.necessary: .granted, .preferences: .denied, .statistics: .denied, .marketing: .granted],
            method: .explicit, consentID: "q", decidedAt: 1_700_000_000_001, version: "4",
            details: ["gacm": .string("2~AA=="), "otherFields": .object(["newField": .int(7)])]),
    ]

    @Test(arguments: cases)
    func decodes(_ c: DecoderCase) throws { try checkDecoded(c) }

    @Test func reportsTheIAB2TCString() throws {
        let tc = "CP5jqEAP5jqEACGABBENAmEgAAAAAAAAAAAAAAAAAAAA.YAAAAAAAAAAA"
        let value = "{stamp:%27ALwl%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:false%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:1%2Cutc:1707240048272%2Ciab2:%27\(tc)%27}"
        let decoded = try ConsentDecoders.decode(value, as: .cookiebot)
        #expect(decoded.detail("iab2") == .string(tc))
        // Either the TC string decoded (once TCString is wired) or a warning says why not.
        #expect(decoded.detail("tcf") != nil || decoded.warnings.contains(where: { $0.contains("iab2") }))
        #expect(decoded.signal.choices.marketing == .denied)
    }

    @Test func missingCategoryIsWarned() throws {
        let decoded = try ConsentDecoders.decode("{stamp:'a',necessary:true,statistics:true,method:'explicit',ver:1,utc:1}", as: .cookiebot)
        #expect(decoded.signal.choices.marketing == nil)
        #expect(decoded.warnings.contains(where: { $0.contains("preferences, marketing") }))
    }

    static let malformed: [MalformedCase] = [
        MalformedCase(value: "{stamp:'abc',necessary:maybe}", kind: .cookiebot, reasonContains: "'maybe'"),
        MalformedCase(value: "stamp:'abc',necessary:true", kind: .cookiebot, reasonContains: "object literal"),
        MalformedCase(value: "{stamp:'abc',necessary:true", kind: .cookiebot, reasonContains: "ends early"),
        MalformedCase(value: "{stamp:'abc,necessary:true}", kind: .cookiebot, reasonContains: "not closed"),
        MalformedCase(value: "{stamp:'abc',ver:1}", kind: .cookiebot, reasonContains: "none of the categories"),
        MalformedCase(value: "{stamp:'abc',necessary:'yes'}", kind: .cookiebot, reasonContains: "expected true or false"),
        MalformedCase(value: "{stamp:'a'}}", kind: .cookiebot, reasonContains: "after the object literal"),
        MalformedCase(value: "   ", kind: .cookiebot, reasonContains: "empty value"),
    ]

    @Test(arguments: malformed)
    func rejects(_ c: MalformedCase) { checkMalformed(c) }
}
