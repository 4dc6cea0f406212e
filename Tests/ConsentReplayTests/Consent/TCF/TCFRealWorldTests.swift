import Testing
@testable import ConsentReplay

/// Strings shaped like what CMPs write in the field (built with the test encoder), policy
/// warnings, the four-purpose signal and the JSON output.
@Suite("TCF real-world strings, warnings and output")
struct TCFRealWorldTests {
    typealias S = TCFTestSupport

    /// Cookiebot-like "accept all" under TCF v2.3 (policy version 5): every purpose consented,
    /// 850+ vendors in range encoding up to vendor 1400, a DisclosedVendors segment.
    static var acceptAll: TCString {
        let gaps: Set<Int> = [4, 17, 99, 256, 257, 258, 600, 601, 999, 1001, 1333]
        let consented = (1...1400).filter { !gaps.contains($0) && ($0 % 3 != 0 || $0 < 300) }
        var tc = S.sample
        tc.cmpId = 134
        tc.cmpVersion = 1
        tc.consentLanguage = "EN"
        tc.vendorListVersion = 130
        tc.tcfPolicyVersion = 5
        tc.specialFeatureOptIns = [1, 2]
        tc.purposesConsent = Array(1...11)
        tc.purposesLITransparency = [2, 7, 8, 9, 10, 11]
        tc.vendorConsents = TCVendorSection(maxVendorId: 1400, isRangeEncoding: true, vendorIds: consented)
        tc.vendorLegitimateInterests = TCVendorSection(maxVendorId: 1398, isRangeEncoding: false,
                                                       vendorIds: consented.filter { $0 % 5 == 0 && $0 <= 1398 })
        tc.disclosedVendors = TCVendorSection(maxVendorId: 1400, isRangeEncoding: true, vendorIds: Array(1...1400))
        return tc
    }

    /// OneTrust-like "reject all": no consent anywhere, legitimate interest kept where allowed,
    /// publisher restrictions from the publisher's configuration.
    static var rejectAll: TCString {
        var tc = S.sample
        tc.cmpId = 28
        tc.cmpVersion = 1
        tc.consentScreen = 1
        tc.consentLanguage = "FR"
        tc.publisherCC = "FR"
        tc.specialFeatureOptIns = []
        tc.purposesConsent = []
        tc.purposesLITransparency = [2, 7, 8, 9, 10, 11]
        tc.vendorConsents = TCVendorSection(maxVendorId: 0, isRangeEncoding: false, vendorIds: [])
        tc.vendorLegitimateInterests = TCVendorSection(maxVendorId: 1126, isRangeEncoding: true,
                                                       vendorIds: [8, 21, 32, 50, 52, 69, 755, 1126])
        tc.publisherRestrictions = [
            TCPublisherRestriction(purposeId: 2, restrictionType: 1, vendorIds: [755]),
            TCPublisherRestriction(purposeId: 7, restrictionType: 0, vendorIds: Array(100...120) + [755]),
        ]
        return tc
    }

    @Test(arguments: [false, true])
    func acceptAllWithEightHundredVendorsInRangeEncoding(scrambled: Bool) throws {
        let original = Self.acceptAll
        let options = TCStringTestEncoder.Options(rangeStyle: scrambled ? .scrambled(seed: 5) : .maximalRuns, padTo24: true)
        let text = TCStringTestEncoder.encode(original, options)
        let tc = try TCString.decode(text)
        #expect(tc == original)
        #expect(tc.vendorConsents.vendorIds.count > 800)
        #expect(tc.vendorConsents.isRangeEncoding)
        #expect(tc.vendorConsents.vendorIds.first == 1)
        #expect(tc.vendorConsents.vendorIds.last == 1400)
        #expect(!tc.vendorConsents.vendorIds.contains(600))
        #expect(tc.disclosedVendors?.vendorIds.count == 1400)
        #expect(tc.warnings.isEmpty)

        let signal = tc.signal()
        #expect(signal.source == "tcf")
        #expect(signal.method == .explicit)
        #expect(signal.decidedAt == S.ms(2025, 3, 3))
        #expect(signal.choices.preferences == .granted)
        #expect(signal.choices.statistics == .granted)
        #expect(signal.choices.marketing == .granted)
        #expect(signal.choices.necessary == nil)
    }

    @Test func rejectAllWithPublisherRestrictions() throws {
        let text = TCStringTestEncoder.encode(Self.rejectAll)
        let tc = try TCString.decode(text)
        #expect(tc == Self.rejectAll)
        #expect(tc.vendorConsents.vendorIds.isEmpty)
        #expect(tc.publisherRestrictions.map(\.purposeId) == [2, 7])
        #expect(tc.publisherRestrictions[1].vendorIds.count == 22)
        let choices = tc.signal().choices
        #expect(choices.preferences == .denied && choices.statistics == .denied && choices.marketing == .denied)
        #expect(choices.necessary == nil)
    }

    @Test func partialConsentCombinesEveryMappedPurpose() throws {
        var tc = S.sample
        tc.purposesConsent = [1, 8]  // storage and content measurement only
        let choices = try TCString.decode(TCStringTestEncoder.encode(tc)).signal().choices
        #expect(choices.statistics == .granted)      // 1 and 8
        #expect(choices.preferences == .denied)      // 5, 6, 11 missing
        #expect(choices.marketing == .denied)        // 2, 3, 4, 7 missing

        // Without purpose 1 nothing that needs device storage is granted.
        tc.purposesConsent = Array(2...11)
        #expect(tc.signal().choices.statistics == .denied)

        // A custom table: purposes nothing maps to stay unset.
        var tables = PurposeTables.defaults
        tables.tcfPurposes = [8: [.statistics], 9: [.statistics]]
        tc.purposesConsent = [8, 9]
        let custom = tc.signal(tables: tables).choices
        #expect(custom.statistics == .granted)
        #expect(custom.marketing == nil && custom.preferences == nil && custom.necessary == nil)
        #expect(tc.json(tables: tables).serialized(indent: 0).contains(#""purposes":{"statistics":"granted"}"#))
    }

    @Test func legitimateInterestForPurposesThreeToSixUnderPolicyFourIsAWarning() throws {
        var tc = S.sample
        tc.purposesLITransparency = [2, 3, 4, 7]
        let decoded = try TCString.decode(TCStringTestEncoder.encode(tc))
        #expect(decoded.warnings == ["PurposesLITransparency sets legitimate-interest bits for purposes 3, 4 under TcfPolicyVersion 4; TCF v2.2 forbids legitimate interest for purposes 3–6"])

        // Allowed under TCF v2.0 (policy version 2) as long as the string predates the v2.2 deadline.
        tc.tcfPolicyVersion = 2
        tc.created = S.ms(2022, 5, 1, 12, 30)
        tc.lastUpdated = tc.created
        #expect(try TCString.decode(TCStringTestEncoder.encode(tc)).warnings.isEmpty)

        // The same string last updated after 30 September 2023 is out of date.
        tc.lastUpdated = S.ms(2023, 10, 2)
        #expect(try TCString.decode(TCStringTestEncoder.encode(tc)).warnings
                == ["TcfPolicyVersion 2 in a string last updated 2023-10-02T00:00:00.000Z; strings with a policy version below 4 are invalid after 30 September 2023"])
    }

    @Test func legitimateInterestForPurposeOneIsAWarning() throws {
        var tc = S.sample
        tc.purposesLITransparency = [1, 2]
        tc.tcfPolicyVersion = 2
        tc.created = S.ms(2021, 1, 1)
        tc.lastUpdated = S.ms(2021, 1, 1)
        #expect(try TCString.decode(TCStringTestEncoder.encode(tc)).warnings
                == ["PurposesLITransparency sets the legitimate-interest bit for purpose 1, which can only be based on consent"])
    }

    @Test func otherPolicyProblemsAreWarningsNotErrors() throws {
        var tc = S.sample
        tc.isServiceSpecific = false
        tc.purposeOneTreatment = true
        tc.created = S.ms(2025, 3, 4)
        tc.specialFeatureOptIns = [1, 5]
        tc.purposesConsent = [1, 13]
        tc.publisherRestrictions = [
            TCPublisherRestriction(purposeId: 1, restrictionType: 2, vendorIds: [3]),
            TCPublisherRestriction(purposeId: 4, restrictionType: 3, vendorIds: []),
            TCPublisherRestriction(purposeId: 4, restrictionType: 2, vendorIds: [9]),
            TCPublisherRestriction(purposeId: 4, restrictionType: 2, vendorIds: [10]),
        ]
        tc.allowedVendors = TCVendorSection(maxVendorId: 2, isRangeEncoding: false, vendorIds: [2])
        tc.publisherTC = TCPublisherTC(pubPurposesConsent: [1], pubPurposesLITransparency: [1, 5], numCustomPurposes: 2,
                                       customPurposesConsent: [2], customPurposesLITransparency: [])
        let decoded = try TCString.decode(TCStringTestEncoder.encode(tc))
        #expect(decoded.warnings == [
            "Created (2025-03-04T00:00:00.000Z) is later than LastUpdated (2025-03-03T00:00:00.000Z)",
            "IsServiceSpecific is 0 (global scope) in a string last updated 2025-03-03T00:00:00.000Z; global-scope TC strings are invalid since 1 September 2021",
            "PurposeOneTreatment is 1 in a global-scope string, which the specification declares invalid",
            "PurposesConsent sets purpose 13, which the TCF does not define (purposes are 1–11)",
            "SpecialFeatureOptIns sets special feature 5, which the TCF does not define (special features are 1–2)",
            "publisher restrictions in a global-scope string; they may only be saved in a service-specific TC string",
            "publisher restriction 1 requires legitimate interest for purpose 1, which can only be based on consent",
            "publisher restriction 2 (purpose 4) uses RestrictionType 3, which the specification leaves undefined",
            "publisher restriction 3 requires legitimate interest for purpose 4 under TcfPolicyVersion 4; TCF v2.2 forbids legitimate interest for purposes 3–6",
            "publisher restriction 4 requires legitimate interest for purpose 4 under TcfPolicyVersion 4; TCF v2.2 forbids legitimate interest for purposes 3–6",
            "publisher restriction 4 repeats purpose 4 with RestrictionType 2",
            "AllowedVendors segment present: out-of-band legal bases were deprecated together with global scope in 2021",
            "PubPurposesLITransparency sets the legitimate-interest bit for purpose 1, which can only be based on consent",
            "PubPurposesLITransparency sets the legitimate-interest bit for purpose 5 under TcfPolicyVersion 4; TCF v2.2 forbids legitimate interest for purposes 3–6",
        ])
        // Everything is still decoded exactly.
        var withoutWarnings = decoded
        withoutWarnings.warnings = []
        #expect(withoutWarnings == tc)
    }

    @Test func segmentsInAnyOrder() throws {
        var tc = Self.acceptAll
        tc.allowedVendors = TCVendorSection(maxVendorId: 40, isRangeEncoding: false, vendorIds: [3, 40])
        tc.publisherTC = TCPublisherTC(pubPurposesConsent: [1, 2], pubPurposesLITransparency: [], numCustomPurposes: 3,
                                       customPurposesConsent: [1, 3], customPurposesLITransparency: [2])
        for order in [[1, 2, 3], [1, 3, 2], [2, 1, 3], [2, 3, 1], [3, 1, 2], [3, 2, 1]] {
            var decoded = try TCString.decode(TCStringTestEncoder.encode(tc, .init(segmentOrder: order)))
            decoded.warnings = []
            #expect(decoded == tc, "order \(order)")
        }
    }

    @Test func jsonHasExactlyTheContractKeys() throws {
        let base: Set<String> = [
            "version", "created", "lastUpdated", "cmpId", "cmpVersion", "consentScreen", "consentLanguage",
            "vendorListVersion", "tcfPolicyVersion", "isServiceSpecific", "useNonStandardTexts", "specialFeatureOptins",
            "purposesConsent", "purposesLITransparency", "purposeOneTreatment", "publisherCC", "vendorConsents",
            "vendorLegitimateInterests", "publisherRestrictions", "purposes", "warnings",
        ]
        guard case .object(let plain) = try TCString.decode(TCStringTestEncoder.encode(S.sample)).json() else {
            Issue.record("not an object")
            return
        }
        #expect(Set(plain.keys) == base)

        guard case .object(let full) = try TCString.decode(TCFSpecExampleTests.allFourSegments).json() else {
            Issue.record("not an object")
            return
        }
        #expect(Set(full.keys) == base.union(["disclosedVendors", "allowedVendors", "publisherTC"]))
        guard case .object(let publisher)? = full["publisherTC"] else {
            Issue.record("publisherTC is not an object")
            return
        }
        #expect(Set(publisher.keys) == ["pubPurposesConsent", "pubPurposesLITransparency", "numCustomPurposes",
                                        "customPurposesConsent", "customPurposesLITransparency"])
    }

    @Test func prettyJSONOfAKnownString() throws {
        var tc = Self.rejectAll
        tc.vendorLegitimateInterests = TCVendorSection(maxVendorId: 755, isRangeEncoding: true, vendorIds: [8, 755])
        tc.publisherRestrictions = [TCPublisherRestriction(purposeId: 2, restrictionType: 1, vendorIds: [755])]
        tc.purposesLITransparency = [2, 4, 7]
        let text = TCStringTestEncoder.encode(tc)
        #expect(text == "CQNsWoAQNsWoAAcABBFRBiEgAAAAAFIAAAqIAAALzgBAAIAXmACEgAgLz")
        let expected = """
        {
          "cmpId": 28,
          "cmpVersion": 1,
          "consentLanguage": "FR",
          "consentScreen": 1,
          "created": "2025-03-03T00:00:00.000Z",
          "isServiceSpecific": true,
          "lastUpdated": "2025-03-03T00:00:00.000Z",
          "publisherCC": "FR",
          "publisherRestrictions": [
            {
              "purposeId": 2,
              "restrictionType": 1,
              "vendorIds": [
                755
              ]
            }
          ],
          "purposeOneTreatment": false,
          "purposes": {
            "marketing": "denied",
            "preferences": "denied",
            "statistics": "denied"
          },
          "purposesConsent": [],
          "purposesLITransparency": [
            2,
            4,
            7
          ],
          "specialFeatureOptins": [],
          "tcfPolicyVersion": 4,
          "useNonStandardTexts": false,
          "vendorConsents": [],
          "vendorLegitimateInterests": [
            8,
            755
          ],
          "vendorListVersion": 98,
          "version": 2,
          "warnings": [
            "PurposesLITransparency sets the legitimate-interest bit for purpose 4 under TcfPolicyVersion 4; TCF v2.2 forbids legitimate interest for purposes 3–6"
          ]
        }
        """
        #expect(try TCString.decode(text).json().serialized() == expected)
    }
}
