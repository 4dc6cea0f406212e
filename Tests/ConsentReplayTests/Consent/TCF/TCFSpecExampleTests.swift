import Testing
@testable import ConsentReplay

/// The example strings of the IAB Tech Lab specification "Transparency and Consent String with
/// Global Vendor & CMP List Formats" (GitHub InteractiveAdvertisingBureau/
/// GDPR-Transparency-and-Consent-Framework, `TCFv2/IAB Tech Lab - Consent string and vendor list
/// formats v2.md`, sections "TC String Format" and "Signaling OOB in the TC String").
///
/// The specification documents which segments each example holds, not its field values. The field
/// values asserted here were read off the bits independently of this decoder (a throw-away script
/// written from the specification's field tables) and agree with it.
@Suite("TCF specification examples")
struct TCFSpecExampleTests {
    /// "TC String Format": a service-specific string, "[Core String].[Publisher TC]".
    static let serviceSpecific = "CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA.argAC0gAAAAAAAAAAAA"
    /// "TC String Format": a globally-scoped string "with all four segments".
    static let allFourSegments = "COw4XqLOw4XqLAAAAAENAXCAAAAAAAAAAAAAAAAAAAAA.IFukWSQgAIQwgI0QEByFAAAAeIAACAIgSAAQAIAgEQACEABAAAgAQFAEAIAAAGBAAgAAAAQAIFAAMCQAAgAAQiRAEQAAAAANAAIAAggAIYQFAAARmggBC3ZCYzU2yIA.QFukWSQgAIQwgI0QEByFAAAAeIAACAIgSAAQAIAgEQACEABAAAgAQFAEAIAAAGBAAgAAAAQAIFAAMCQAAgAAQiRAEQAAAAANAAIAAggAIYQFAAARmggBC3ZCYzU2yIA.YAAAAAAAAAAAAAAAAAA"
    /// "Signaling OOB": Example 1 and 2, "[Core].[DisclosedVendors]", and Example 1's result, the core alone.
    static let coreAndDisclosed = "COvFyGBOvFyGBAbAAAENAPCAAOAAAAAAAAAAAEEUACCKAAA.IFoEUQQgAIQwgIwQABAEAAAAOIAACAIAAAAQAIAgEAACEAAAAAgAQBAAAAAAAGBAAgAAAAAAAFAAECAAAgAAQARAEQAAAAAJAAIAAgAAAYQEAAAQmAgBC3ZAYzUw"
    static let coreOnly = "COvFyGBOvFyGBAbAAAENAPCAAOAAAAAAAAAAAEEUACCKAAA"
    /// "Signaling OOB": Example 3's first string, labelled "[Core].[DisclosedVendors]" but with a
    /// third segment that again has SegmentType 1 and ends inside a range entry.
    static let example3Stored = coreAndDisclosed + ".PVAfDObdrA"
    /// "Signaling OOB": Example 3's "[Core].[DisclosedVendors].[AllowedVendors]".
    static let example3WithAllowed = "CGL23UdMFJzvuA9ACCENAXCEAC0AAGrAAA5YA5ht7-_d_7_vd-f-nrf4_4A4hM4JCKoK4YhmAqABgAEgAA.IFut_a83_Ma_t-_SvB3v4-IAeIAACAIgSAAQAIAgEQACEABAAAgAQFAEAIAAAGBAAgAAAAQAIFAAMCQAAgAAQiRAEQAAAAANAAIAAggAIYQFAAARmggBC3ZCYzU2yIA.QFulWfTw4obx_Z2zUj6XkNIAeIAACAIgSAAQAIAgEQACEABAAAgAQFAEAIAAAGBAAgAAAAQAIFAAMCQAAgAAQiRAEQAAAAANAAIAAggAIYQFAAARmggBC3ZCYzU2yIA"

    @Test func serviceSpecificExampleDecodesEveryField() throws {
        let tc = try TCString.decode(Self.serviceSpecific)
        #expect(tc.version == 2)
        #expect(Timestamp.format(tc.created) == "2008-12-07T10:04:17.700Z")
        #expect(Timestamp.format(tc.lastUpdated) == "2012-01-10T17:10:13.400Z")
        #expect(tc.cmpId == 21)
        #expect(tc.cmpVersion == 7)
        #expect(tc.consentScreen == 2)
        #expect(tc.consentLanguage == "EN")
        #expect(tc.vendorListVersion == 23)
        #expect(tc.tcfPolicyVersion == 2)
        #expect(tc.isServiceSpecific)
        #expect(!tc.useNonStandardTexts)
        #expect(tc.specialFeatureOptIns == [2])
        #expect(tc.purposesConsent == [1, 3, 9, 10])
        #expect(tc.purposesLITransparency == [3, 4, 5, 8, 9, 10])
        #expect(!tc.purposeOneTreatment)
        #expect(tc.publisherCC == "KM")
        #expect(tc.vendorConsents == TCVendorSection(maxVendorId: 115, isRangeEncoding: false, vendorIds: [
            2, 3, 6, 7, 8, 10, 12, 13, 14, 15, 16, 21, 25, 27, 30, 31, 34, 35, 37, 38, 39, 42, 43, 49, 52, 54, 55, 56, 57,
            59, 60, 63, 64, 65, 66, 67, 68, 69, 73, 74, 76, 78, 83, 86, 87, 89, 90, 92, 96, 99, 100, 106, 109, 110, 114, 115,
        ]))
        #expect(tc.vendorLegitimateInterests == TCVendorSection(maxVendorId: 113, isRangeEncoding: false,
                                                                vendorIds: [1, 9, 26, 27, 30, 36, 37, 43, 86, 97, 110, 113]))
        #expect(tc.publisherRestrictions.isEmpty)
        #expect(tc.disclosedVendors == nil)
        #expect(tc.allowedVendors == nil)
        #expect(tc.publisherTC == TCPublisherTC(pubPurposesConsent: [2, 4, 6, 8, 9, 10], pubPurposesLITransparency: [2, 4, 5, 7, 10],
                                                numCustomPurposes: 0, customPurposesConsent: [], customPurposesLITransparency: []))
        // Policy version 2: legitimate interest for purposes 3–5 was still allowed then.
        #expect(tc.warnings.isEmpty)
    }

    @Test func allFourSegmentsExampleHasEverySegment() throws {
        let tc = try TCString.decode(Self.allFourSegments)
        #expect(Timestamp.format(tc.created) == "2020-03-26T18:21:27.500Z")
        #expect(tc.lastUpdated == tc.created)
        #expect(tc.cmpId == 0 && tc.cmpVersion == 0 && tc.consentScreen == 0)
        #expect(tc.consentLanguage == "EN")
        #expect(tc.vendorListVersion == 23)
        #expect(tc.tcfPolicyVersion == 2)
        #expect(!tc.isServiceSpecific)
        #expect(tc.purposesConsent.isEmpty && tc.purposesLITransparency.isEmpty && tc.specialFeatureOptIns.isEmpty)
        #expect(tc.publisherCC == "AA")
        #expect(tc.vendorConsents == TCVendorSection(maxVendorId: 0, isRangeEncoding: false, vendorIds: []))
        #expect(tc.vendorLegitimateInterests == TCVendorSection(maxVendorId: 0, isRangeEncoding: false, vendorIds: []))
        let disclosed = try #require(tc.disclosedVendors)
        #expect(disclosed.maxVendorId == 733 && !disclosed.isRangeEncoding)
        #expect(disclosed.vendorIds.count == 115)
        #expect(disclosed.vendorIds.prefix(5) == [2, 6, 8, 9, 12])
        #expect(disclosed.vendorIds.suffix(5) == [723, 725, 726, 729, 733])
        #expect(disclosed.vendorIds.reduce(0, +) == 45977)
        // The example's AllowedVendors segment carries the same bits as its DisclosedVendors.
        #expect(tc.allowedVendors == disclosed)
        #expect(tc.publisherTC == TCPublisherTC(pubPurposesConsent: [], pubPurposesLITransparency: [], numCustomPurposes: 0,
                                                customPurposesConsent: [], customPurposesLITransparency: []))
        #expect(tc.warnings == ["AllowedVendors segment present: out-of-band legal bases were deprecated together with global scope in 2021"])
    }

    @Test func outOfBandExamplesOneAndTwo() throws {
        let stored = try TCString.decode(Self.coreAndDisclosed)
        let surfaced = try TCString.decode(Self.coreOnly)
        #expect(Timestamp.format(stored.created) == "2020-02-20T23:57:39.300Z")
        #expect(stored.cmpId == 27)
        #expect(stored.vendorListVersion == 15)
        #expect(stored.purposesConsent == [1, 2, 3])
        #expect(stored.vendorConsents == TCVendorSection(maxVendorId: 8, isRangeEncoding: false, vendorIds: [2, 6, 8]))
        #expect(stored.vendorLegitimateInterests == TCVendorSection(maxVendorId: 8, isRangeEncoding: false, vendorIds: [2, 6, 8]))
        let disclosed = try #require(stored.disclosedVendors)
        #expect(disclosed.maxVendorId == 720 && disclosed.vendorIds.count == 79)
        #expect(disclosed.vendorIds.suffix(3) == [716, 719, 720])
        // Example 1: removing the DisclosedVendors segment leaves the core unchanged.
        var withoutSegment = stored
        withoutSegment.disclosedVendors = nil
        #expect(surfaced == withoutSegment)
        #expect(surfaced.disclosedVendors == nil)
    }

    @Test func outOfBandExampleThreeWithAllowedVendors() throws {
        let tc = try TCString.decode(Self.example3WithAllowed)
        #expect(Timestamp.format(tc.created) == "1991-01-17T18:51:08.500Z")
        #expect(Timestamp.format(tc.lastUpdated) == "2011-02-08T03:32:01.400Z")
        #expect(tc.cmpId == 61 && tc.cmpVersion == 2 && tc.consentScreen == 2)
        #expect(tc.specialFeatureOptIns == [2])
        #expect(tc.purposesConsent == [3, 5, 6, 8])
        #expect(tc.purposesLITransparency == [2, 3, 5, 7, 9, 10])
        #expect(tc.publisherCC == "HL")
        #expect(tc.vendorConsents.maxVendorId == 115 && tc.vendorConsents.vendorIds.count == 91)
        #expect(tc.vendorLegitimateInterests.maxVendorId == 113 && tc.vendorLegitimateInterests.vendorIds.count == 32)
        #expect(tc.disclosedVendors?.vendorIds.count == 170)
        #expect(tc.allowedVendors?.vendorIds.count == 153)
        #expect(tc.allowedVendors?.vendorIds.prefix(4) == [2, 4, 6, 8])
        #expect(tc.publisherTC == nil)
    }

    /// The specification's Example 3 "stored" string repeats SegmentType 1 in its last segment
    /// (which also ends inside a RangeEntry): a strict decoder must reject it rather than guess.
    @Test func outOfBandExampleThreeStoredStringIsRejected() {
        #expect(TCFTestSupport.reason(Self.example3Stored) == "segment 3 repeats the DisclosedVendors segment (SegmentType 1)")
    }

    @Test func serviceSpecificExampleJSON() throws {
        let tc = try TCString.decode(Self.serviceSpecific)
        let expected = #"{"cmpId":21,"cmpVersion":7,"consentLanguage":"EN","consentScreen":2,"created":"2008-12-07T10:04:17.700Z","#
            + #""isServiceSpecific":true,"lastUpdated":"2012-01-10T17:10:13.400Z","publisherCC":"KM","publisherRestrictions":[],"#
            + #""publisherTC":{"customPurposesConsent":[],"customPurposesLITransparency":[],"numCustomPurposes":0,"#
            + #""pubPurposesConsent":[2,4,6,8,9,10],"pubPurposesLITransparency":[2,4,5,7,10]},"#
            + #""purposeOneTreatment":false,"purposes":{"marketing":"denied","preferences":"denied","statistics":"denied"},"#
            + #""purposesConsent":[1,3,9,10],"purposesLITransparency":[3,4,5,8,9,10],"specialFeatureOptins":[2],"#
            + #""tcfPolicyVersion":2,"useNonStandardTexts":false,"#
            + #""vendorConsents":[2,3,6,7,8,10,12,13,14,15,16,21,25,27,30,31,34,35,37,38,39,42,43,49,52,54,55,56,57,59,60,63,64,"#
            + #"65,66,67,68,69,73,74,76,78,83,86,87,89,90,92,96,99,100,106,109,110,114,115],"#
            + #""vendorLegitimateInterests":[1,9,26,27,30,36,37,43,86,97,110,113],"vendorListVersion":23,"version":2,"warnings":[]}"#
        #expect(tc.json().serialized(indent: 0) == expected)
    }
}
