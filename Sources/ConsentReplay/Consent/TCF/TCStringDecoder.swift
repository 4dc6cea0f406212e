// Segment layouts, from the specification "Transparency and Consent String with Global Vendor &
// CMP List Formats" (widths in bits, big-endian, bit 0 leftmost):
//
// "The Core String":
//   Version 6 · Created 36 · LastUpdated 36 · CmpId 12 · CmpVersion 12 · ConsentScreen 6 ·
//   ConsentLanguage 12 (two letters, 6 bits each) · VendorListVersion 12 · TcfPolicyVersion 6 ·
//   IsServiceSpecific 1 · UseNonStandardTexts 1 (UseNonStandardStacks in v2.0) ·
//   SpecialFeatureOptIns 12 · PurposesConsent 24 · PurposesLITransparency 24 ·
//   "Specific Jurisdiction Disclosures": PurposeOneTreatment 1 · PublisherCC 12 ·
//   "Vendor Consent Section" · "Vendor Legitimate Interest Section" ·
//   "Publisher Restrictions Section": NumPubRestrictions 12, then per PubRestrictionEntry:
//     PurposeId 6 · RestrictionType 2 · NumEntries 12 · RangeEntry × NumEntries
//
// A vendor section: MaxVendorId 16 · IsRangeEncoding 1 · then either
//   "BitField Section": MaxVendorId bits, bit i = vendor i + 1, or
//   "Range Section": NumEntries 12 · RangeEntry × NumEntries
// RangeEntry: IsARange 1 · StartOrOnlyVendorId 16 · EndVendorId 16 (only when IsARange = 1)
//
// Every other segment starts with SegmentType 3:
//   1 "Disclosed Vendors": a vendor section.
//   2 "Allowed Vendors" (v2.0 out-of-band): a vendor section.
//   3 "Publisher Purposes Transparency and Consent": PubPurposesConsent 24 ·
//     PubPurposesLITransparency 24 · NumCustomPurposes 6 · CustomPurposesConsent NumCustomPurposes ·
//     CustomPurposesLITransparency NumCustomPurposes
//
// "TC String Format": the core segment is always first; the others are optional and "arbitrarily
// ordered". This decoder also requires each at most once (a repeat would be ambiguous).

enum TCStringDecoder {
    /// Safety limit on the vendor ids all publisher restrictions may expand to together. Their
    /// ranges are bounded by nothing but the 16-bit id width, so a few hundred bytes could
    /// otherwise name hundreds of millions of ids. No real publisher comes near it.
    static let maxRestrictedVendorIds = 1 << 20

    static func decode(_ text: String) throws(ConsentDecodeError) -> TCString {
        let segments = try TCBase64URL.segments(of: text)
        guard let first = segments.first else { throw ConsentDecodeError("empty TC string") }
        var notes: [String] = []
        var tc = try core(first, notes: &notes)

        var seen: Set<Int> = []
        for segment in segments.dropFirst() {
            // SegmentType is the top three bits of the first character (segments are never empty).
            let type = Int((segment.sextets.first ?? 0) >> 3)
            guard type != 0 else {
                throw ConsentDecodeError("segment \(segment.index) has SegmentType 0 (core); the core segment must come first and only once")
            }
            guard let name = segmentName(type) else {
                throw ConsentDecodeError("segment \(segment.index) has unknown SegmentType \(type) (known: 1 DisclosedVendors, 2 AllowedVendors, 3 PublisherTC)")
            }
            guard seen.insert(type).inserted else {
                throw ConsentDecodeError("segment \(segment.index) repeats the \(name) segment (SegmentType \(type))")
            }
            var reader = TCBitReader(segment, name: "\(name) segment")
            _ = try reader.read(3, "SegmentType")
            switch type {
            case 1: tc.disclosedVendors = try vendorSection(&reader, "DisclosedVendors", notes: &notes)
            case 2: tc.allowedVendors = try vendorSection(&reader, "AllowedVendors", notes: &notes)
            default: tc.publisherTC = try publisherTC(&reader)
            }
            try reader.requireZeroPadding()
        }

        for segment in segments where segment.usedStandardBase64 {
            notes.append("segment \(segment.index) uses standard base64 ('+', '/' or '=' padding) instead of base64url; it was decoded as the equivalent base64url text")
        }
        tc.warnings = notes + TCStringPolicy.warnings(for: tc)
        return tc
    }

    static func segmentName(_ type: Int) -> String? {
        switch type {
        case 1: return "DisclosedVendors"
        case 2: return "AllowedVendors"
        case 3: return "PublisherTC"
        default: return nil
        }
    }

    /// "The Core String".
    static func core(_ segment: TCSegmentText, notes: inout [String]) throws(ConsentDecodeError) -> TCString {
        var r = TCBitReader(segment, name: "core segment")
        let version = try r.read(6, "Version")
        guard version == 2 else {
            if let name = segmentName(version >> 3) {
                throw ConsentDecodeError("the core segment must come first, but segment 1 is a \(name) segment (SegmentType \(version >> 3))")
            }
            if version == 1 {
                throw ConsentDecodeError("TC string version 1 (a TCF v1.x consent string) is not supported; only version 2 is")
            }
            throw ConsentDecodeError("unsupported TC string version \(version); only version 2 is supported")
        }
        let created = try r.read(36, "Created")
        let lastUpdated = try r.read(36, "LastUpdated")
        let cmpId = try r.read(12, "CmpId")
        let cmpVersion = try r.read(12, "CmpVersion")
        let consentScreen = try r.read(6, "ConsentScreen")
        let consentLanguage = try r.letters("ConsentLanguage")
        let vendorListVersion = try r.read(12, "VendorListVersion")
        let tcfPolicyVersion = try r.read(6, "TcfPolicyVersion")
        let isServiceSpecific = try r.flag("IsServiceSpecific")
        let useNonStandardTexts = try r.flag("UseNonStandardTexts")
        let specialFeatureOptIns = try r.ids(12, "SpecialFeatureOptIns")
        let purposesConsent = try r.ids(24, "PurposesConsent")
        let purposesLITransparency = try r.ids(24, "PurposesLITransparency")
        let purposeOneTreatment = try r.flag("PurposeOneTreatment")
        let publisherCC = try r.letters("PublisherCC")
        let vendorConsents = try vendorSection(&r, "VendorConsents", notes: &notes)
        let vendorLegitimateInterests = try vendorSection(&r, "VendorLegitimateInterests", notes: &notes)
        let restrictions = try publisherRestrictions(&r, notes: &notes)
        try r.requireZeroPadding()

        // Deciseconds (< 2^36) × 100 stays far below Int64.max.
        return TCString(
            version: version, created: Int64(created) &* 100, lastUpdated: Int64(lastUpdated) &* 100,
            cmpId: cmpId, cmpVersion: cmpVersion, consentScreen: consentScreen, consentLanguage: consentLanguage,
            vendorListVersion: vendorListVersion, tcfPolicyVersion: tcfPolicyVersion,
            isServiceSpecific: isServiceSpecific, useNonStandardTexts: useNonStandardTexts,
            specialFeatureOptIns: specialFeatureOptIns, purposesConsent: purposesConsent,
            purposesLITransparency: purposesLITransparency, purposeOneTreatment: purposeOneTreatment,
            publisherCC: publisherCC, vendorConsents: vendorConsents,
            vendorLegitimateInterests: vendorLegitimateInterests, publisherRestrictions: restrictions)
    }

    /// "Vendor Consent Section", "Vendor Legitimate Interest Section", "Disclosed Vendors",
    /// "Allowed Vendors": MaxVendorId, IsRangeEncoding, then a bit field or range entries.
    static func vendorSection(_ r: inout TCBitReader, _ section: String, notes: inout [String]) throws(ConsentDecodeError) -> TCVendorSection {
        let maxVendorId = try r.read(16, "\(section) MaxVendorId")
        let isRange = try r.flag("\(section) IsRangeEncoding")
        guard isRange else {
            let ids = try r.ids(maxVendorId, "\(section) BitField")
            return TCVendorSection(maxVendorId: maxVendorId, isRangeEncoding: false, vendorIds: ids)
        }
        let ranges = try rangeEntries(&r, section, maxVendorId: maxVendorId)
        var unlimited = Int.max
        let ids = try expand(ranges, section, notes: &notes, budget: &unlimited)
        return TCVendorSection(maxVendorId: maxVendorId, isRangeEncoding: true, vendorIds: ids)
    }

    /// NumEntries, then that many RangeEntry: each checked to start at vendor 1 or later, not to
    /// end before it starts, and (in vendor sections) not to pass MaxVendorId.
    static func rangeEntries(_ r: inout TCBitReader, _ section: String, maxVendorId: Int?) throws(ConsentDecodeError) -> [ClosedRange<Int>] {
        let count = try r.read(12, "\(section) NumEntries")
        var ranges: [ClosedRange<Int>] = []
        ranges.reserveCapacity(count)
        for entry in stride(from: 1, through: count, by: 1) {
            let isARange = try r.flag("\(section) RangeEntry \(entry) IsARange")
            let start = try r.read(16, "\(section) RangeEntry \(entry) StartOrOnlyVendorId")
            var end = start
            if isARange { end = try r.read(16, "\(section) RangeEntry \(entry) EndVendorId") }
            guard start >= 1 else {
                throw ConsentDecodeError("\(section) range entry \(entry) names vendor id 0; vendor ids start at 1")
            }
            guard end >= start else {
                throw ConsentDecodeError("\(section) range entry \(entry) ends before it starts (\(start)–\(end))")
            }
            if let maxVendorId, end > maxVendorId {
                throw ConsentDecodeError("\(section) range entry \(entry) names vendor \(end), beyond MaxVendorId \(maxVendorId)")
            }
            ranges.append(start...end)
        }
        return ranges
    }

    /// The ids the ranges cover, ascending, each once: sorted and merged first, so the work is
    /// proportional to the entries and the ids, never their product.
    static func expand(_ ranges: [ClosedRange<Int>], _ section: String, notes: inout [String], budget: inout Int) throws(ConsentDecodeError) -> [Int] {
        var merged: [ClosedRange<Int>] = []
        var overlapAt: Int?
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                if overlapAt == nil, range.lowerBound <= last.upperBound { overlapAt = range.lowerBound }
                merged[merged.count &- 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        if let overlapAt {
            notes.append("\(section) range entries overlap (vendor \(overlapAt) is covered more than once)")
        }
        var size = 0
        for range in merged { size &+= range.count }
        guard size <= budget else {
            throw ConsentDecodeError("\(section) expands to more vendor ids than this decoder accepts (\(maxRestrictedVendorIds) over all publisher restrictions)")
        }
        budget &-= size
        var ids: [Int] = []
        ids.reserveCapacity(size)
        for range in merged { ids.append(contentsOf: range) }
        return ids
    }

    /// "Publisher Restrictions Section".
    static func publisherRestrictions(_ r: inout TCBitReader, notes: inout [String]) throws(ConsentDecodeError) -> [TCPublisherRestriction] {
        let count = try r.read(12, "NumPubRestrictions")
        var budget = maxRestrictedVendorIds
        var restrictions: [TCPublisherRestriction] = []
        for entry in stride(from: 1, through: count, by: 1) {
            let purposeId = try r.read(6, "PubRestrictionEntry \(entry) PurposeId")
            let restrictionType = try r.read(2, "PubRestrictionEntry \(entry) RestrictionType")
            let name = "PubRestrictionEntry \(entry)"
            let ranges = try rangeEntries(&r, name, maxVendorId: nil)
            let ids = try expand(ranges, name, notes: &notes, budget: &budget)
            restrictions.append(TCPublisherRestriction(purposeId: purposeId, restrictionType: restrictionType, vendorIds: ids))
        }
        return restrictions
    }

    /// "Publisher Purposes Transparency and Consent" (after its SegmentType).
    static func publisherTC(_ r: inout TCBitReader) throws(ConsentDecodeError) -> TCPublisherTC {
        let consent = try r.ids(24, "PubPurposesConsent")
        let legitimateInterest = try r.ids(24, "PubPurposesLITransparency")
        let custom = try r.read(6, "NumCustomPurposes")
        let customConsent = try r.ids(custom, "CustomPurposesConsent")
        let customLegitimateInterest = try r.ids(custom, "CustomPurposesLITransparency")
        return TCPublisherTC(pubPurposesConsent: consent, pubPurposesLITransparency: legitimateInterest,
                             numCustomPurposes: custom, customPurposesConsent: customConsent,
                             customPurposesLITransparency: customLegitimateInterest)
    }
}
