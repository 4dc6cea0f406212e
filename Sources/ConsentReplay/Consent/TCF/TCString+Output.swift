extension TCString {
    /// The `decode` command's JSON object for this string (contract §2): exactly the keys
    /// `version`, `created`, `lastUpdated` (ISO-8601 UTC with milliseconds), `cmpId`, `cmpVersion`,
    /// `consentScreen`, `consentLanguage`, `vendorListVersion`, `tcfPolicyVersion`,
    /// `isServiceSpecific`, `useNonStandardTexts`, `specialFeatureOptins`, `purposesConsent`,
    /// `purposesLITransparency`, `purposeOneTreatment`, `publisherCC`, `vendorConsents`,
    /// `vendorLegitimateInterests`, `publisherRestrictions`, `disclosedVendors` and
    /// `allowedVendors` (only when that segment is present), `publisherTC` (only when present),
    /// `purposes` (the four-purpose view of `signal(tables:)`) and `warnings`.
    public func json(tables: PurposeTables = .defaults) -> JSONOutput {
        func ids(_ list: [Int]) -> JSONOutput { .array(list.map { .int($0) }) }
        var object: [String: JSONOutput] = [
            "version": .int(version),
            "created": .string(Timestamp.format(created)),
            "lastUpdated": .string(Timestamp.format(lastUpdated)),
            "cmpId": .int(cmpId),
            "cmpVersion": .int(cmpVersion),
            "consentScreen": .int(consentScreen),
            "consentLanguage": .string(consentLanguage),
            "vendorListVersion": .int(vendorListVersion),
            "tcfPolicyVersion": .int(tcfPolicyVersion),
            "isServiceSpecific": .bool(isServiceSpecific),
            "useNonStandardTexts": .bool(useNonStandardTexts),
            "specialFeatureOptins": ids(specialFeatureOptIns),
            "purposesConsent": ids(purposesConsent),
            "purposesLITransparency": ids(purposesLITransparency),
            "purposeOneTreatment": .bool(purposeOneTreatment),
            "publisherCC": .string(publisherCC),
            "vendorConsents": ids(vendorConsents.vendorIds),
            "vendorLegitimateInterests": ids(vendorLegitimateInterests.vendorIds),
            "publisherRestrictions": .array(publisherRestrictions.map {
                .object(["purposeId": .int($0.purposeId), "restrictionType": .int($0.restrictionType), "vendorIds": ids($0.vendorIds)])
            }),
            "purposes": signal(tables: tables).choices.json,
            "warnings": .array(warnings.map { .string($0) }),
        ]
        if let disclosedVendors { object["disclosedVendors"] = ids(disclosedVendors.vendorIds) }
        if let allowedVendors { object["allowedVendors"] = ids(allowedVendors.vendorIds) }
        if let publisherTC {
            object["publisherTC"] = .object([
                "pubPurposesConsent": ids(publisherTC.pubPurposesConsent),
                "pubPurposesLITransparency": ids(publisherTC.pubPurposesLITransparency),
                "numCustomPurposes": .int(publisherTC.numCustomPurposes),
                "customPurposesConsent": ids(publisherTC.customPurposesConsent),
                "customPurposesLITransparency": ids(publisherTC.customPurposesLITransparency),
            ])
        }
        return .object(object)
    }

    /// The string as a consent signal on the four purposes (contract §3.4): source `tcf`, decided
    /// at LastUpdated, method explicit. Each four-purpose that some TCF purpose maps to in
    /// `tables.tcfPurposes` is granted only when every TCF purpose mapped to it has its
    /// PurposesConsent bit set, and denied otherwise; purposes nothing maps to (by default
    /// `necessary`) stay unset.
    ///
    /// Only consent counts: a legitimate-interest bit is not a grant. With PurposeOneTreatment = 1
    /// purpose 1 was not asked, its bit is 0, and everything mapped to it reads as denied.
    /// Since TCF v2.2 LastUpdated is day-level (midnight UTC), so `decidedAt` may be earlier than
    /// the actual choice by up to a day.
    public func signal(tables: PurposeTables = .defaults) -> ConsentSignal {
        var signal = ConsentSignal(source: "tcf")
        signal.method = .explicit
        signal.decidedAt = lastUpdated
        let consented = Set(purposesConsent)
        for id in tables.tcfPurposes.keys.sorted() {
            for purpose in tables.tcfPurposes[id] ?? [] {
                signal.choices.combine(purpose, consented.contains(id) ? .granted : .denied)
            }
        }
        return signal
    }
}
