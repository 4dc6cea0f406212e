// Pinterest API for Conversions.
//
// POST api.pinterest.com/v5/ad_accounts/{id}/events; header `Authorization` is a secret
// (developers.pinterest.com/docs/api/v5/events-create, `ConversionEventsUserData`). Each
// `user_data` key holds an array of SHA-256 hashes unless noted:
//
//     { "data": [ { "event_name", "action_source", "event_time", "event_id",
//                   "user_data": {
//                       "em" → email   "ph" → phone   "fn" → first_name  "ln" → last_name
//                       "ge" → gender  "db" → birth_date  "ct" → city  "st" → region
//                       "zp" → postal_code  "country" → country  "external_id" → external_id
//                       "hashed_maids"       GAID / IDFA            → device_id
//                       "client_ip_address"  (clear)                → ip
//                       "client_user_agent"  (clear)                → user_agent
//                       "click_id"           `_epik` cookie / `epik` parameter → browser_id
//                                            (the contract files `_epik` under browser ids)
//                       "partner_id"         a partner's visitor id → external_id },
//                   "custom_data": {…} } ] }
//
// The tag's pings (GET ct.pinterest.com/v3/?…) carry `epik`; nothing else documented is read.

/// The Pinterest dictionary (layout at the top of this file).
enum PinterestPayload {
    static let userData: [(String, PersonalField)] = [
        ("em", .email), ("ph", .phone), ("fn", .firstName), ("ln", .lastName),
        ("ge", .gender), ("db", .birthDate), ("ct", .city), ("st", .region),
        ("zp", .postalCode), ("country", .country), ("external_id", .externalID),
        ("hashed_maids", .deviceID), ("client_ip_address", .ip),
        ("client_user_agent", .userAgent), ("click_id", .browserID), ("partner_id", .externalID),
    ]

    static let dictionary = VendorDictionary(
        bodyRules: userData.map { PayloadRule("data.user_data.\($0.0)", $0.1) },
        queryRules: ["epik": .field(.browserID)]
    )
}
