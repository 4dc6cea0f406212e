/// Policy checks on a well-formed TC string. Each problem becomes one sentence in
/// `TCString.warnings`; none of them stops the decode, because the string still says exactly what
/// the CMP recorded — the finding is that what it recorded is not allowed.
///
/// Sources: the specification's Core String table (PurposesLITransparency: "With TCF v2.2 support
/// for legitimate interest for purpose 3 to 6 has been deprecated. Bits 2 to 5 are required to be
/// set to 0"; IsServiceSpecific: "This field must always have the value of 1"; RestrictionType 3
/// "UNDEFINED (not used)"; "Purpose 1 is always required to be registered as a consent purpose"),
/// and its sections "What happened to Global Scope and Out of Band?" and "Managing conflicting
/// string versions".
enum TCStringPolicy {
    /// Purposes the TCF defines (1–10 in v2.0, 11 added in v2.2).
    static let definedPurposes = 1...11
    /// Special features the TCF defines (precise geolocation, device scanning).
    static let definedSpecialFeatures = 1...2
    /// Purposes for which TCF v2.2 (policy version 4) forbids legitimate interest.
    static let noLegitimateInterestFrom4: Set<Int> = [3, 4, 5, 6]
    /// Global-scope strings are invalid from this moment ("since Sept 1st 2021").
    static let globalScopeEnd = Timestamp.epochMilliseconds(year: 2021, month: 9, day: 1, hour: 0, minute: 0, second: 0) ?? 0
    /// Strings with a policy version below 4 are invalid when created after 30 September 2023.
    static let policy4Deadline = Timestamp.epochMilliseconds(year: 2023, month: 10, day: 1, hour: 0, minute: 0, second: 0) ?? 0

    /// "purpose 4" or "purposes 3, 4".
    static func named(_ ids: [Int], _ singular: String, _ plural: String) -> String {
        (ids.count == 1 ? singular : plural) + " " + ids.map(String.init).joined(separator: ", ")
    }

    static func warnings(for tc: TCString) -> [String] {
        var out: [String] = []
        let policy = tc.tcfPolicyVersion

        // Timestamps and policy version.
        if tc.created > tc.lastUpdated {
            out.append("Created (\(Timestamp.format(tc.created))) is later than LastUpdated (\(Timestamp.format(tc.lastUpdated)))")
        }
        if policy < 4, tc.lastUpdated >= policy4Deadline {
            out.append("TcfPolicyVersion \(policy) in a string last updated \(Timestamp.format(tc.lastUpdated)); strings with a policy version below 4 are invalid after 30 September 2023")
        }
        if !tc.isServiceSpecific, tc.lastUpdated >= globalScopeEnd {
            out.append("IsServiceSpecific is 0 (global scope) in a string last updated \(Timestamp.format(tc.lastUpdated)); global-scope TC strings are invalid since 1 September 2021")
        }
        if !tc.isServiceSpecific, tc.purposeOneTreatment {
            out.append("PurposeOneTreatment is 1 in a global-scope string, which the specification declares invalid")
        }

        // Purposes and special features.
        out += purposeWarnings(consent: tc.purposesConsent, legitimateInterest: tc.purposesLITransparency,
                               policy: policy, consentField: "PurposesConsent", interestField: "PurposesLITransparency")
        let undefinedFeatures = tc.specialFeatureOptIns.filter { !definedSpecialFeatures.contains($0) }
        if !undefinedFeatures.isEmpty {
            out.append("SpecialFeatureOptIns sets \(named(undefinedFeatures, "special feature", "special features")), which the TCF does not define (special features are 1–2)")
        }

        // Publisher restrictions.
        if !tc.isServiceSpecific, !tc.publisherRestrictions.isEmpty {
            out.append("publisher restrictions in a global-scope string; they may only be saved in a service-specific TC string")
        }
        var seenPairs: Set<[Int]> = []
        for (offset, restriction) in tc.publisherRestrictions.enumerated() {
            let entry = offset &+ 1
            let purpose = restriction.purposeId
            if !definedPurposes.contains(purpose) {
                out.append("publisher restriction \(entry) names purpose \(purpose), which the TCF does not define (purposes are 1–11)")
            }
            if restriction.restrictionType == 3 {
                out.append("publisher restriction \(entry) (purpose \(purpose)) uses RestrictionType 3, which the specification leaves undefined")
            }
            if restriction.restrictionType == 2, purpose == 1 {
                out.append("publisher restriction \(entry) requires legitimate interest for purpose 1, which can only be based on consent")
            }
            if restriction.restrictionType == 2, policy >= 4, noLegitimateInterestFrom4.contains(purpose) {
                out.append("publisher restriction \(entry) requires legitimate interest for purpose \(purpose) under TcfPolicyVersion \(policy); TCF v2.2 forbids legitimate interest for purposes 3–6")
            }
            if !seenPairs.insert([purpose, restriction.restrictionType]).inserted {
                out.append("publisher restriction \(entry) repeats purpose \(purpose) with RestrictionType \(restriction.restrictionType)")
            }
        }

        // Out-of-band and publisher segments.
        if tc.allowedVendors != nil {
            out.append("AllowedVendors segment present: out-of-band legal bases were deprecated together with global scope in 2021")
        }
        if let publisher = tc.publisherTC {
            out += purposeWarnings(consent: publisher.pubPurposesConsent, legitimateInterest: publisher.pubPurposesLITransparency,
                                   policy: policy, consentField: "PubPurposesConsent", interestField: "PubPurposesLITransparency")
        }
        return out
    }

    static func purposeWarnings(consent: [Int], legitimateInterest: [Int], policy: Int,
                                consentField: String, interestField: String) -> [String] {
        var out: [String] = []
        if legitimateInterest.contains(1) {
            out.append("\(interestField) sets the legitimate-interest bit for purpose 1, which can only be based on consent")
        }
        let forbidden = legitimateInterest.filter { noLegitimateInterestFrom4.contains($0) }
        if policy >= 4, !forbidden.isEmpty {
            let bits = forbidden.count == 1 ? "the legitimate-interest bit for" : "legitimate-interest bits for"
            out.append("\(interestField) sets \(bits) \(named(forbidden, "purpose", "purposes")) under TcfPolicyVersion \(policy); TCF v2.2 forbids legitimate interest for purposes 3–6")
        }
        for (field, ids) in [(consentField, consent), (interestField, legitimateInterest)] {
            let undefined = ids.filter { !definedPurposes.contains($0) }
            if !undefined.isEmpty {
                out.append("\(field) sets \(named(undefined, "purpose", "purposes")), which the TCF does not define (purposes are 1–11)")
            }
        }
        return out
    }
}
