// Cookiebot `CookieConsent` cookie.
//
// Layout (Cookiebot developer documentation, "Server side usage",
// https://www.cookiebot.com/en/developer/ — the cookie holds "0", "-1" or a JavaScript object
// literal; fields as seen in real Cookie headers):
//
//     value   = "0"                  ; legacy: the user declined, strictly necessary only
//             / "-1"                 ; legacy: not in a region that requires consent, all accepted
//             / object               ; percent-encoded once ({stamp:%27…%27%2Cnecessary:true…}),
//                                    ; sometimes twice (%257B…)
//     object  = "{" member *( "," member ) "}"     ; unquoted keys, single-quoted strings
//     members:
//       stamp:'<id>'        consent id (base64-like; '-1' = no consent required in the region)
//       necessary:true      the four categories, booleans
//       preferences:false
//       statistics:true
//       marketing:false
//       method:'explicit'   'explicit' | 'implied'; absent in older versions
//       ver:3               consent version (raised when the site asks everyone to consent again)
//       utc:1700000000000   when the choice was made, ms since the epoch
//       region:'de'         visitor region (absent in older versions)
//       iab2:'<TC string>'  the IAB TCF v2 TC string when the TCF integration is on
//       gacm:'2~…'          Google Additional Consent Mode string
//
// Reading: the four categories go through `PurposeTables.categories`; `-1` (as the whole value
// or as `stamp`) grants everything with method `implied`, since no consent was asked for.

/// Decoder of Cookiebot's `CookieConsent` cookie.
enum CookiebotDecoder {
    static let name = "Cookiebot CookieConsent"
    static let categoryNames = ["necessary", "preferences", "statistics", "marketing"]
    static let knownKeys: Set<String> = Set(categoryNames + ["stamp", "method", "ver", "utc", "region", "iab2", "gacm"])

    static func decode(_ value: String, tables: PurposeTables, details: inout ConsentDetails) throws(ConsentDecodeError) -> ConsentSignal {
        var text = try ConsentValueText(value, kindName: name)
        text.unquote()
        text.decodeEscapes(structural: Array("{}[]'\",:".utf8))
        text.noteEncoding(&details)
        var signal = ConsentSignal(source: ConsentValueKind.cookiebot.source)

        switch text.string {
        case "-1":
            for category in categoryNames { apply(category, granted: true, tables: tables, signal: &signal, details: &details) }
            signal.method = .implied
            details.set("consentRequired", .bool(false))
            details.set("legacyValue", .string("-1"))
            return signal
        case "0":
            for category in categoryNames {
                apply(category, granted: category == "necessary", tables: tables, signal: &signal, details: &details)
            }
            details.set("legacyValue", .string("0"))
            return signal
        default:
            break
        }

        let object = try LooseValue.parseObjectLiteral(text.bytes, kindName: name)
        guard let members = object.members else { throw ConsentDecodeError("\(name): not an object literal") }

        var categoryStates: [String: JSONOutput] = [:]
        var missing: [String] = []
        for category in categoryNames {
            guard let raw = object[category] else { missing.append(category); continue }
            guard let granted = boolean(raw) else {
                throw ConsentDecodeError("\(name): '\(category)' is \(raw.typeName), expected true or false")
            }
            if details.enabled { categoryStates[category] = .bool(granted) }
            apply(category, granted: granted, tables: tables, signal: &signal, details: &details)
        }
        guard missing.count < categoryNames.count else {
            throw ConsentDecodeError("\(name): none of the categories necessary, preferences, statistics, marketing is present")
        }
        details.set("categories", .object(categoryStates))
        if !missing.isEmpty { details.warn("categories missing: \(missing.joined(separator: ", "))") }

        var consentRequired = true
        switch object["stamp"] {
        case .string(let stamp)?:
            if stamp == "-1" {
                consentRequired = false
            } else if !stamp.isEmpty {
                signal.consentID = stamp
            }
        case .number(let stamp)?:
            if stamp == "-1" { consentRequired = false } else { signal.consentID = stamp }
        case nil:
            details.warn("no 'stamp' (consent id)")
        case let other?:
            details.warn("'stamp' is \(other.typeName), expected a string")
        }
        details.set("consentRequired", .bool(consentRequired))

        switch object["method"] {
        case .string(let method)?:
            switch method.lowercased() {
            case "explicit": signal.method = .explicit
            case "implied": signal.method = .implied
            default: details.warn("unknown method '\(method)'")
            }
        case nil:
            if !consentRequired { signal.method = .implied }
        case let other?:
            details.warn("'method' is \(other.typeName), expected a string")
        }

        if let ver = object["ver"] {
            switch ver {
            case .number(let text), .string(let text): signal.version = text
            default: details.warn("'ver' is \(ver.typeName), expected a number")
            }
        }
        if let utc = object["utc"] {
            if let ms = utc.int64Value, ms >= 0, ms < 253_402_300_800_000 {
                signal.decidedAt = ms
            } else {
                details.warn("'utc' is not a time in milliseconds since the epoch")
            }
        }
        if let region = object["region"] {
            details.set("region", region.json)
        }
        if let gacm = object["gacm"] {
            details.set("gacm", gacm.json)
        }
        if let iab2 = object["iab2"] {
            if let tcString = iab2.stringValue, details.enabled {
                details.set("iab2", .string(tcString))
                do throws(ConsentDecodeError) {
                    let tc = try TCFBridge.decode(tcString, tables: tables)
                    details.set("tcf", tc.details)
                } catch {
                    details.warn("iab2 TC string not decoded: \(error.reason)")
                }
            } else if iab2.stringValue == nil {
                details.warn("'iab2' is \(iab2.typeName), expected a string")
            }
        }
        var others: [String: JSONOutput] = [:]
        for member in members where !knownKeys.contains(member.key) && others[member.key] == nil {
            others[member.key] = member.value.json
        }
        if !others.isEmpty { details.set("otherFields", .object(others)) }
        return signal
    }

    /// Marks one Cookiebot category on the signal.
    private static func apply(
        _ category: String, granted: Bool, tables: PurposeTables, signal: inout ConsentSignal, details: inout ConsentDetails
    ) {
        if let purpose = tables.purpose(ofCategory: category) {
            signal.choices.combine(purpose, PurposeChoice(granted: granted))
        } else {
            details.warn("category '\(category)' has no purpose in the configuration")
        }
    }

    /// `true`/`false`, also when written as a string.
    private static func boolean(_ value: LooseValue) -> Bool? {
        switch value {
        case .bool(let b): return b
        case .string(let s) where s == "true" || s == "false": return s == "true"
        default: return nil
        }
    }

    /// Whether a percent-decoded value looks like Cookiebot's object literal.
    static func looksLike(_ decoded: String) -> Bool {
        decoded.contains("stamp:") || decoded.contains("necessary:")
    }
}
