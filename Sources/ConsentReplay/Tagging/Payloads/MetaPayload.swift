// Meta Conversions API and Meta Pixel.
//
// Conversions API (POST graph.facebook.com/v{N}/{pixel_id}/events), JSON or form body:
//
//     { "data": [ { "event_name", "event_time", "event_source_url", "action_source",
//                   "user_data": { …customer information parameters… },
//                   "custom_data": {…} } ],
//       "access_token": "…" }                         ← a secret (see SecretRedaction)
//
// Customer information parameters (developers.facebook.com, Conversions API › Parameters ›
// Customer Information Parameters). Each may be a string or an array of strings; every
// element counts. Meta asks for SHA-256 of the normalised value for the contact fields; a
// sender that does not hash shows as clear.
//
//     em email  ph phone  fn first name  ln last name  db birth date  ge gender
//     ct city   st state  zp zip code    country       external_id
//     client_ip_address   client_user_agent (never hashed)
//     fbc click id (`_fbc` cookie)   fbp browser id (`_fbp` cookie)
//     subscription_id     the advertiser's subscription id for the user → external_id
//     fb_login_id         the user's app-scoped Facebook Login id      → user_id
//     lead_id             id of a Meta lead ad form submission          → click_id (an ad
//                         interaction id, like fbc)
//     ctwa_clid           click-to-WhatsApp click id                   → click_id
//     page_scoped_user_id id of the user on a Facebook Page            → user_id
//     madid, anon_id      mobile advertiser id / install id (app events) → device_id
//
// `event_source_url` is the page, not a personal field, and is ignored here.
//
// Pixel (GET www.facebook.com/tr?id=…&ev=…): advanced matching as `ud[em]`, `ud[ph]`… with the
// same keys (developers.facebook.com, Meta Pixel › Advanced Matching, image-pixel form), and
// the cookies as `fbp` / `fbc` parameters.

/// The Meta Conversions API and Pixel dictionary (layout at the top of this file).
enum MetaPayload {
    /// `user_data` key → field, shared by the Conversions API routes and the pixel's `ud[…]`.
    static let userData: [(String, PersonalField)] = [
        ("em", .email), ("ph", .phone), ("fn", .firstName), ("ln", .lastName),
        ("db", .birthDate), ("ge", .gender), ("ct", .city), ("st", .region), ("zp", .postalCode),
        ("country", .country), ("external_id", .externalID),
        ("client_ip_address", .ip), ("client_user_agent", .userAgent),
        ("fbc", .clickID), ("fbp", .browserID),
        ("subscription_id", .externalID), ("fb_login_id", .userID), ("lead_id", .clickID),
        ("ctwa_clid", .clickID), ("page_scoped_user_id", .userID),
        ("madid", .deviceID), ("anon_id", .deviceID),
    ]

    static let dictionary = VendorDictionary(
        bodyRules: userData.map { PayloadRule("data.user_data.\($0.0)", $0.1) },
        queryRules: Dictionary(
            userData.map { ("ud[\($0.0)]", QueryAction.field($0.1)) }
                + [("fbp", .field(.browserID)), ("fbc", .field(.clickID))],
            uniquingKeysWith: { first, _ in first })
    )
}
