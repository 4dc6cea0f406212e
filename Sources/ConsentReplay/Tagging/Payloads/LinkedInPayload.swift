// LinkedIn Conversions API.
//
// POST api.linkedin.com/rest/conversionEvents (one event, or a batch under `elements`); header
// `Authorization` is a secret (learn.microsoft.com/linkedin/marketing/integrations/
// ads-reporting/conversions-api):
//
//     { "conversion", "conversionHappenedAt", "eventId",
//       "user": { "userIds": [ { "idType": T, "idValue": V } ],
//                 "userInfo": { "firstName", "lastName", "companyName", "title",
//                               "countryCode" } } }
//
//     idType SHA256_EMAIL                           → email
//            LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID → click_id (the `li_fat_id` click id)
//            ACXIOM_ID, ORACLE_MOAT_ID              → external_id (data-broker person ids)
//     userInfo firstName → first_name, lastName → last_name, countryCode → country;
//              companyName and title are job data with no canonical field, not reported.
//
// The Insight Tag's query strings carry no documented personal parameters besides `li_fat_id`.

/// The LinkedIn dictionary (layout at the top of this file).
enum LinkedInPayload {
    static let idTypes: [String: PersonalField] = [
        "SHA256_EMAIL": .email,
        "LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID": .clickID,
        "ACXIOM_ID": .externalID,
        "ORACLE_MOAT_ID": .externalID,
    ]

    static let dictionary: VendorDictionary = {
        var rules: [PayloadRule] = []
        for prefix in ["", "elements."] {
            rules.append(PayloadRule("\(prefix)user.userIds", typeKey: "idType", valueKey: "idValue", types: idTypes))
            rules.append(PayloadRule("\(prefix)user.userInfo.firstName", .firstName))
            rules.append(PayloadRule("\(prefix)user.userInfo.lastName", .lastName))
            rules.append(PayloadRule("\(prefix)user.userInfo.countryCode", .country))
        }
        return VendorDictionary(bodyRules: rules, queryRules: ["li_fat_id": .field(.clickID)])
    }()
}
