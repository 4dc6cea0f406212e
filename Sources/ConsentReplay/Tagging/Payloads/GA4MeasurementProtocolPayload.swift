// Google Analytics 4: Measurement Protocol bodies and `/g/collect` hits the tagging server
// forwards.
//
// Measurement Protocol (POST www.google-analytics.com/mp/collect?measurement_id=…&api_secret=…;
// developers.google.com/analytics/devguides/collection/protocol/ga4/reference and
// …/ga4/uid-data). `api_secret` is a secret (SecretRedaction); `measurement_id` /
// `firebase_app_id` are not personal.
//
//     { "client_id"        browser client id                       → client_id
//       "app_instance_id"  Firebase app instance id                → device_id
//       "user_id"          the site's user id                      → user_id
//       "ip_override"      the visitor's IP                        → ip
//       "user_agent"       the visitor's user agent (as sGTM sends it) → user_agent
//       "user_location": { "city", "region_id", "country_id" }     → city, region, country
//       "user_data": {
//           "sha256_email_address": [ hex ]                      → email
//           "sha256_phone_number":  [ hex ]                      → phone
//           "address": [ { "sha256_first_name", "sha256_last_name", "sha256_street",
//                          "city", "region", "postal_code", "country" } ] }
//       "events": [ { "name", "params": {…} } ] }
//
// A `/g/collect` hit (query string, and a batched body of one event per line) is read with
// `GA4Hits`, so the same field rules apply to what the browser sent and to what was forwarded.

/// The GA4 dictionary (layout at the top of this file).
enum GA4MeasurementProtocolPayload {
    static let dictionary = VendorDictionary(
        bodyRules: [
            PayloadRule("client_id", .clientID),
            PayloadRule("app_instance_id", .deviceID),
            PayloadRule("user_id", .userID),
            PayloadRule("ip_override", .ip),
            PayloadRule("user_agent", .userAgent),
            PayloadRule("user_location.city", .city),
            PayloadRule("user_location.region_id", .region),
            PayloadRule("user_location.country_id", .country),
            PayloadRule("user_data.sha256_email_address", .email),
            PayloadRule("user_data.sha256_phone_number", .phone),
            PayloadRule("user_data.address.sha256_first_name", .firstName),
            PayloadRule("user_data.address.sha256_last_name", .lastName),
            PayloadRule("user_data.address.sha256_street", .street),
            PayloadRule("user_data.address.city", .city),
            PayloadRule("user_data.address.region", .region),
            PayloadRule("user_data.address.postal_code", .postalCode),
            PayloadRule("user_data.address.country", .country),
        ],
        queryRules: [:],
        queryReader: { query in GA4Hits.fields(query: query) },
        textBodyReader: { body, query in
            var found = PersonalValueSet()
            for hit in GA4Hits.parseBatchedBody(body, sharedQuery: query) {
                found.formUnion(hit.fields)
            }
            return found.sorted()
        }
    )
}
