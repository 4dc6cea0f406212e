// orestbida/cookieconsent `cc_cookie` cookie, versions 2 and 3.
//
// Layout (github.com/orestbida/cookieconsent, the cookie the library writes; percent-encoded
// JSON in v3, plain or encoded JSON in v2):
//
//     v3: {"categories":["necessary","analytics"],   accepted categories
//          "revision":0,                              policy revision → `version`
//          "data":null,                               site's custom data
//          "consentTimestamp":"2026-03-01T10:00:00.000Z",       first consent
//          "consentId":"<uuid>",                      consent id
//          "services":{"analytics":["ga"]},           accepted services per category
//          "languageCode":"en",
//          "lastConsentTimestamp":"2026-03-02T09:00:00.000Z",   last change → `decidedAt`
//          "expirationTime":1800000000000}            ms since the epoch
//     v2: {"level":["necessary","analytics"],"revision":0,"data":null,"rfc_cookie":false}
//
// Reading: the cookie lists only the categories the visitor accepted; the banner offered the
// others and they were not accepted. So each listed category grants its purpose (through
// `PurposeTables.categories`), and every one of the four purposes that no accepted category
// maps to is read as denied. The cookie is written when the visitor answers the banner, so
// the signal is decided.

/// Decoder of orestbida cookieconsent's `cc_cookie`.
enum OrestbidaCookieDecoder {
    static let name = "cookieconsent cc_cookie"

    static func decode(_ value: String, tables: PurposeTables, details: inout ConsentDetails) throws(ConsentDecodeError) -> ConsentSignal {
        let members = try LooseValue.cookieJSONObject(value, kindName: name, details: &details)
        let object = LooseValue.object(members)
        let listKey: String
        if object["categories"] != nil {
            listKey = "categories"
            details.set("libraryVersion", .int(3))
        } else if object["level"] != nil {
            listKey = "level"
            details.set("libraryVersion", .int(2))
        } else {
            throw ConsentDecodeError("\(name): neither 'categories' (v3) nor 'level' (v2) is present")
        }
        guard let list = object[listKey]?.elements else {
            throw ConsentDecodeError("\(name): '\(listKey)' is \(object[listKey]?.typeName ?? "missing"), expected an array of category names")
        }
        var accepted: [String] = []
        for item in list {
            guard let category = item.stringValue else {
                throw ConsentDecodeError("\(name): '\(listKey)' holds \(item.typeName), expected category names")
            }
            accepted.append(category)
        }

        var signal = ConsentSignal(source: ConsentValueKind.ccCookie.source)
        var unmapped: [String] = []
        for category in accepted {
            if let purpose = tables.purpose(ofCategory: category) {
                signal.choices.combine(purpose, .granted)
            } else {
                unmapped.append(category)
            }
        }
        var deniedByOmission: [String] = []
        for purpose in Purpose.allCases where signal.choices[purpose] == nil {
            signal.choices[purpose] = .denied
            deniedByOmission.append(purpose.rawValue)
        }
        details.set("acceptedCategories", .array(accepted.map { .string($0) }))
        details.setList("unmappedCategories", unmapped)
        details.setList("deniedByOmission", deniedByOmission)

        if let revision = object["revision"] {
            switch revision {
            case .number(let text): signal.version = text
            case .null: break
            default: details.warn("'revision' is \(revision.typeName), expected a number")
            }
        }
        if let id = object["consentId"]?.stringValue, !id.isEmpty { signal.consentID = id }
        var times: [String: Int64] = [:]
        for key in ["consentTimestamp", "lastConsentTimestamp"] {
            guard let raw = object[key] else { continue }
            guard let text = raw.stringValue, let ms = parseISO(text) else {
                details.warn("'\(key)' is not an ISO-8601 time")
                continue
            }
            times[key] = ms
            details.set(key, .string(Timestamp.format(ms)))
        }
        signal.decidedAt = times["lastConsentTimestamp"] ?? times["consentTimestamp"]
        if let expiry = object["expirationTime"] {
            if let ms = expiry.int64Value, ms > 0, ms < 253_402_300_800_000 {
                details.set("expirationTime", .string(Timestamp.format(ms)))
            } else {
                details.warn("'expirationTime' is not a time in milliseconds since the epoch")
            }
        }
        if let services = object["services"] { details.set("services", services.json) }
        if let language = object["languageCode"]?.stringValue { details.set("languageCode", .string(language)) }
        if let rfc = object["rfc_cookie"]?.boolValue { details.set("rfcCookie", .bool(rfc)) }
        if let data = object["data"], data != .null { details.set("data", data.json) }
        return signal
    }

    private static func parseISO(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { Timestamp.parseISO8601($0) }
    }
}
