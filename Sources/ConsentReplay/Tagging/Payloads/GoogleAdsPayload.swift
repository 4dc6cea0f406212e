// Google Ads: API conversion uploads and the conversion tag's pings.
//
// API (POST googleads.googleapis.com/v{N}/customers/{id}:uploadClickConversions; REST JSON in
// lowerCamelCase, and snake_case as the client libraries log protobuf fields;
// developers.google.com/google-ads/api/rest/reference/rest/…/UserIdentifier and
// …/ClickConversion). Headers `Authorization` and `developer-token` are secrets.
//
//     { "conversions": [ { "gclid" | "gbraid" | "wbraid"                    → click_id
//                          "userIdentifiers": [ {                            (one id each)
//                              "hashedEmail"        SHA-256 hex              → email
//                              "hashedPhoneNumber"  SHA-256 hex of E.164     → phone
//                              "mobileId"           IDFA / AAID              → device_id
//                              "thirdPartyUserId"   advertiser's user id     → external_id
//                              "addressInfo": { "hashedFirstName", "hashedLastName",
//                                  "hashedStreetAddress", "city", "state", "countryCode",
//                                  "postalCode" } } ] } ] }
//
// Enhancements (`uploadConversionAdjustments`) use the same `userIdentifiers` under
// `conversionAdjustments[]`, with `gclidDateTimePair.gclid` and `userAgent`.
//
// Tag pings (GET googleads.g.doubleclick.net/pagead/…, www.google.com/ccm/collect…): `gclid`,
// `gbraid`, `wbraid` as query parameters and user-provided data in `em` (see UserProvidedData).

/// The Google Ads dictionary (layout at the top of this file).
enum GoogleAdsPayload {
    /// Routes below a conversion (or adjustment) object, in lowerCamelCase.
    static let conversionRoutes: [(String, PersonalField)] = [
        ("gclid", .clickID), ("gbraid", .clickID), ("wbraid", .clickID),
        ("gclidDateTimePair.gclid", .clickID), ("userAgent", .userAgent),
        ("userIdentifiers.hashedEmail", .email),
        ("userIdentifiers.hashedPhoneNumber", .phone),
        ("userIdentifiers.mobileId", .deviceID),
        ("userIdentifiers.thirdPartyUserId", .externalID),
        ("userIdentifiers.addressInfo.hashedFirstName", .firstName),
        ("userIdentifiers.addressInfo.hashedLastName", .lastName),
        ("userIdentifiers.addressInfo.hashedStreetAddress", .street),
        ("userIdentifiers.addressInfo.city", .city),
        ("userIdentifiers.addressInfo.state", .region),
        ("userIdentifiers.addressInfo.countryCode", .country),
        ("userIdentifiers.addressInfo.postalCode", .postalCode),
    ]

    /// `hashedFirstName` → `hashed_first_name`.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result.append("_")
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }

    static let dictionary: VendorDictionary = {
        var rules: [PayloadRule] = []
        for container in ["conversions", "conversionAdjustments"] {
            for (route, field) in conversionRoutes {
                let camel = "\(container).\(route)"
                rules.append(PayloadRule(camel, field))
                let snake = snakeCase(camel)
                if snake != camel { rules.append(PayloadRule(snake, field)) }
            }
        }
        return VendorDictionary(
            bodyRules: rules,
            queryRules: [
                "gclid": .field(.clickID), "gbraid": .field(.clickID), "wbraid": .field(.clickID),
                "em": .userProvidedData,
            ]
        )
    }()
}
