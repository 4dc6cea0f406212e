@testable import ConsentReplay

enum TCFTestSupport {
    /// The decode error's reason, or nil when `text` decodes.
    static func reason(_ text: String) -> String? {
        do {
            _ = try TCString.decode(text)
            return nil
        } catch {
            return error.reason
        }
    }

    static func ms(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
        Timestamp.epochMilliseconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second) ?? 0
    }

    /// A typical TCF v2.2 string: service-specific, policy version 4, created = last updated at
    /// midnight UTC, a handful of purposes and vendors, bit-field encoded. Decodes without warnings.
    static var sample: TCString {
        TCString(
            created: ms(2025, 3, 3), lastUpdated: ms(2025, 3, 3), cmpId: 134, cmpVersion: 1, consentScreen: 1,
            consentLanguage: "DE", vendorListVersion: 98, tcfPolicyVersion: 4, isServiceSpecific: true,
            useNonStandardTexts: false, specialFeatureOptIns: [1], purposesConsent: [1, 2, 3, 4, 7, 8],
            purposesLITransparency: [2, 7, 8], purposeOneTreatment: false, publisherCC: "DE",
            vendorConsents: TCVendorSection(maxVendorId: 10, isRangeEncoding: false, vendorIds: [1, 2, 7, 10]),
            vendorLegitimateInterests: TCVendorSection(maxVendorId: 9, isRangeEncoding: false, vendorIds: [2, 9]))
    }

    /// A core segment written by `build` after the sample's header (everything up to PublisherCC).
    static func core(_ tc: TCString = sample, _ build: (inout TCBitWriter) -> Void) -> String {
        var w = TCBitWriter()
        TCStringTestEncoder.writeCoreHeader(tc, into: &w)
        build(&w)
        return w.base64url()
    }

    /// A bit-field vendor section: MaxVendorId, IsRangeEncoding = 0, the bits.
    static func bitField(_ ids: [Int], max: Int, into w: inout TCBitWriter) {
        w.write(max, 16)
        w.write(false)
        w.write(ids: ids, count: max)
    }
}
