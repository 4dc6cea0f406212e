// TikTok Events API and TikTok Pixel.
//
// Events API 2.0 (POST business-api.tiktok.com/open_api/v1.3/event/track/; header
// `Access-Token` is a secret; business-api.tiktok.com/portal/docs, Events API 2.0 ›
// Parameters):
//
//     { "event_source", "event_source_id",
//       "data": [ { "event", "event_time", "event_id",
//                   "user": { "email"        SHA-256 (string or array)   → email
//                             "phone"        SHA-256 of E.164            → phone
//                             "external_id"  SHA-256 recommended         → external_id
//                             "ttp"          `_ttp` cookie               → browser_id
//                             "ttclid"       click id                    → click_id
//                             "lead_id"      TikTok lead ad id           → click_id
//                             "ip", "user_agent"                         → ip, user_agent
//                             "idfa", "idfv", "gaid"  (app events)       → device_id
//                             "first_name", "last_name", "city", "state", "country",
//                             "zip_code"      (offline / CRM events)     → names, address
//                             "locale"        language, not a personal field },
//                   "page": { "url", "referrer" }, "properties": {…} } ] }
//
// Events API 1.x and the pixel's own JSON (POST analytics.tiktok.com/api/v2/pixel…):
//
//     { "event", "context": { "ad": { "callback" → click_id (ttclid) },
//                             "user": { "external_id", "phone_number", "email", "ttp" },
//                             "ip", "user_agent", "page": {…} } }
//
// The pixel's query strings carry no documented personal parameters; only `ttclid` is read.

/// The TikTok dictionary (layout at the top of this file).
enum TikTokPayload {
    static let user: [(String, PersonalField)] = [
        ("email", .email), ("phone", .phone), ("external_id", .externalID),
        ("ttp", .browserID), ("ttclid", .clickID), ("lead_id", .clickID),
        ("ip", .ip), ("user_agent", .userAgent),
        ("idfa", .deviceID), ("idfv", .deviceID), ("gaid", .deviceID),
        ("first_name", .firstName), ("last_name", .lastName), ("city", .city),
        ("state", .region), ("country", .country), ("zip_code", .postalCode),
    ]

    static let dictionary = VendorDictionary(
        bodyRules: user.map { PayloadRule("data.user.\($0.0)", $0.1) } + [
            PayloadRule("context.ad.callback", .clickID),
            PayloadRule("context.user.external_id", .externalID),
            PayloadRule("context.user.phone_number", .phone),
            PayloadRule("context.user.email", .email),
            PayloadRule("context.user.ttp", .browserID),
            PayloadRule("context.ip", .ip),
            PayloadRule("context.user_agent", .userAgent),
        ],
        queryRules: ["ttclid": .field(.clickID)]
    )
}
