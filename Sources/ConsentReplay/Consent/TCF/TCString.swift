/// A decoded IAB TCF v2.x TC string (the `euconsent-v2` cookie, `gdpr_consent=` parameters,
/// Cookiebot's `iab2`), field by field as the IAB Tech Lab specification "Transparency and Consent
/// String with Global Vendor & CMP List Formats" (TCF v2.0 and v2.2) lays them out.
///
/// Decoding is strict about structure — a string that cannot be read exactly is rejected with a
/// `ConsentDecodeError` saying why — and lenient about policy: a well-formed string that breaks a
/// TCF rule (legitimate interest for purposes 3–6 under policy version 4, say) decodes, and the
/// problem is listed in `warnings`.
///
/// Id lists (purposes, special features, vendors) are sorted ascending and hold each id once;
/// vendor ranges are expanded.
public struct TCString: Sendable, Equatable {
    /// Version of the encoding format; always 2 for a decoded string.
    public var version: Int
    /// Created, in milliseconds since the epoch (UTC). Encoded in deciseconds, so a multiple of
    /// 100. Since TCF v2.2 it equals `lastUpdated` and is day-level (midnight UTC).
    public var created: Int64
    /// LastUpdated, in milliseconds since the epoch (UTC); see `created`.
    public var lastUpdated: Int64
    /// CmpId: the registered CMP that last updated the string.
    public var cmpId: Int
    /// CmpVersion: that CMP's own version number.
    public var cmpVersion: Int
    /// ConsentScreen: the CMP's screen number on which the choice was made.
    public var consentScreen: Int
    /// ConsentLanguage: two upper-case letters (ISO 639-1 code, e.g. `EN`).
    public var consentLanguage: String
    /// VendorListVersion: the Global Vendor List version used.
    public var vendorListVersion: Int
    /// TcfPolicyVersion: 2 for TCF v2.0, 4 for v2.2, 5 for v2.3.
    public var tcfPolicyVersion: Int
    /// IsServiceSpecific: service-specific (`true`) or the deprecated global scope (`false`).
    public var isServiceSpecific: Bool
    /// UseNonStandardTexts (UseNonStandardStacks in TCF v2.0).
    public var useNonStandardTexts: Bool
    /// SpecialFeatureOptIns: ids (1–12) of the special features opted in to.
    public var specialFeatureOptIns: [Int]
    /// PurposesConsent: ids (1–24) of the purposes consented to.
    public var purposesConsent: [Int]
    /// PurposesLITransparency: ids (1–24) of the purposes with legitimate interest established
    /// and not objected to.
    public var purposesLITransparency: [Int]
    /// PurposeOneTreatment: `true` when purpose 1 was not disclosed at all.
    public var purposeOneTreatment: Bool
    /// PublisherCC: two upper-case letters (ISO 3166-1 alpha-2 code, e.g. `DE`).
    public var publisherCC: String
    /// Vendor Consent Section.
    public var vendorConsents: TCVendorSection
    /// Vendor Legitimate Interest Section.
    public var vendorLegitimateInterests: TCVendorSection
    /// Publisher Restrictions Section, in the order encoded.
    public var publisherRestrictions: [TCPublisherRestriction]
    /// The DisclosedVendors segment (SegmentType 1), when present.
    public var disclosedVendors: TCVendorSection?
    /// The AllowedVendors segment (SegmentType 2, TCF v2.0 out-of-band), when present.
    public var allowedVendors: TCVendorSection?
    /// The PublisherTC segment (SegmentType 3), when present.
    public var publisherTC: TCPublisherTC?
    /// Policy problems found in a well-formed string, one sentence each, in a stable order.
    public var warnings: [String]

    /// A TC string from field values (times in milliseconds, id lists sorted and unique).
    public init(version: Int = 2, created: Int64, lastUpdated: Int64, cmpId: Int, cmpVersion: Int,
                consentScreen: Int, consentLanguage: String, vendorListVersion: Int, tcfPolicyVersion: Int,
                isServiceSpecific: Bool, useNonStandardTexts: Bool, specialFeatureOptIns: [Int],
                purposesConsent: [Int], purposesLITransparency: [Int], purposeOneTreatment: Bool,
                publisherCC: String, vendorConsents: TCVendorSection, vendorLegitimateInterests: TCVendorSection,
                publisherRestrictions: [TCPublisherRestriction] = [], disclosedVendors: TCVendorSection? = nil,
                allowedVendors: TCVendorSection? = nil, publisherTC: TCPublisherTC? = nil, warnings: [String] = []) {
        self.version = version
        self.created = created
        self.lastUpdated = lastUpdated
        self.cmpId = cmpId
        self.cmpVersion = cmpVersion
        self.consentScreen = consentScreen
        self.consentLanguage = consentLanguage
        self.vendorListVersion = vendorListVersion
        self.tcfPolicyVersion = tcfPolicyVersion
        self.isServiceSpecific = isServiceSpecific
        self.useNonStandardTexts = useNonStandardTexts
        self.specialFeatureOptIns = specialFeatureOptIns
        self.purposesConsent = purposesConsent
        self.purposesLITransparency = purposesLITransparency
        self.purposeOneTreatment = purposeOneTreatment
        self.publisherCC = publisherCC
        self.vendorConsents = vendorConsents
        self.vendorLegitimateInterests = vendorLegitimateInterests
        self.publisherRestrictions = publisherRestrictions
        self.disclosedVendors = disclosedVendors
        self.allowedVendors = allowedVendors
        self.publisherTC = publisherTC
        self.warnings = warnings
    }

    /// Decodes a TC string: the core segment first, then any of the DisclosedVendors,
    /// AllowedVendors and PublisherTC segments, each at most once, in any order.
    ///
    /// Throws a `ConsentDecodeError` whose reason names the problem: empty input, a character
    /// outside base64url, a field cut off (naming the field), a version other than 2, a segment
    /// out of place, repeated or of unknown type, a vendor range that ends before it starts or
    /// passes MaxVendorId, or non-zero bits after a segment's last field.
    ///
    /// Decisions where the specification leaves room:
    /// - The text must be base64url (RFC 4648 §5) as the specification requires; the standard
    ///   base64 characters `+` and `/`, and `=` padding completing a 4-character group at the end
    ///   of a segment, are unambiguous and accepted with a warning. Nothing is trimmed: whitespace,
    ///   `%`-escapes or any other character is an error naming the character and its position.
    /// - Zero bits after a segment's last field are padding and accepted however many there are
    ///   (the specification's own PublisherTC examples carry 57 of them; the IAB reference encoder
    ///   pads to 24-bit groups). A non-zero bit there is an error.
    /// - ConsentLanguage and PublisherCC letters must be a–z (6-bit values 0–25).
    /// - Overlapping range entries are merged, with a warning. Publisher restrictions may expand to
    ///   at most 2^20 vendor ids in total (a safety limit: their ranges have no MaxVendorId).
    public static func decode(_ text: String) throws(ConsentDecodeError) -> TCString {
        try TCStringDecoder.decode(text)
    }
}

/// A vendor section (Vendor Consent, Vendor Legitimate Interest, DisclosedVendors,
/// AllowedVendors): the vendor ids it names, however they were encoded.
public struct TCVendorSection: Sendable, Equatable {
    /// MaxVendorId as encoded.
    public var maxVendorId: Int
    /// IsRangeEncoding: range entries (`true`) or a bit field (`false`).
    public var isRangeEncoding: Bool
    /// The vendor ids with the bit set or inside a range entry, ascending, each once.
    public var vendorIds: [Int]

    /// A vendor section from its fields (`vendorIds` sorted and unique).
    public init(maxVendorId: Int, isRangeEncoding: Bool, vendorIds: [Int]) {
        self.maxVendorId = maxVendorId
        self.isRangeEncoding = isRangeEncoding
        self.vendorIds = vendorIds
    }
}

/// One PubRestrictionEntry of the core segment's Publisher Restrictions Section.
public struct TCPublisherRestriction: Sendable, Equatable {
    /// PurposeId: the purpose the publisher restricts (6 bits as encoded).
    public var purposeId: Int
    /// RestrictionType: 0 purpose flatly not allowed, 1 require consent, 2 require legitimate
    /// interest, 3 undefined by the specification.
    public var restrictionType: Int
    /// The restricted vendor ids, ranges expanded, ascending, each once.
    public var vendorIds: [Int]

    /// A restriction entry from its fields (`vendorIds` sorted and unique).
    public init(purposeId: Int, restrictionType: Int, vendorIds: [Int]) {
        self.purposeId = purposeId
        self.restrictionType = restrictionType
        self.vendorIds = vendorIds
    }
}

/// The PublisherTC segment: the publisher's own purposes transparency and consent.
public struct TCPublisherTC: Sendable, Equatable {
    /// PubPurposesConsent: purpose ids (1–24) the user consented to for the publisher.
    public var pubPurposesConsent: [Int]
    /// PubPurposesLITransparency: purpose ids (1–24) with the publisher's legitimate interest
    /// established and not objected to.
    public var pubPurposesLITransparency: [Int]
    /// NumCustomPurposes: custom purposes are numbered 1 … this.
    public var numCustomPurposes: Int
    /// CustomPurposesConsent: custom purpose ids consented to.
    public var customPurposesConsent: [Int]
    /// CustomPurposesLITransparency: custom purpose ids with legitimate interest established.
    public var customPurposesLITransparency: [Int]

    /// A PublisherTC segment from its fields.
    public init(pubPurposesConsent: [Int], pubPurposesLITransparency: [Int], numCustomPurposes: Int,
                customPurposesConsent: [Int], customPurposesLITransparency: [Int]) {
        self.pubPurposesConsent = pubPurposesConsent
        self.pubPurposesLITransparency = pubPurposesLITransparency
        self.numCustomPurposes = numCustomPurposes
        self.customPurposesConsent = customPurposesConsent
        self.customPurposesLITransparency = customPurposesLITransparency
    }
}
