// Complianz (WordPress) `cmplz_*` cookies.
//
// Layout (complianz.io, "Cookies from Complianz, what are they for and how can you use them";
// names and values as found in real Cookie headers): consent is spread over several cookies,
// so `decode --as complianz` takes them as a cookie header (`cmplz_statistics=allow;
// cmplz_marketing=deny`) and the cookie scan gathers every `cmplz_*` pair of a request.
//
//     cmplz_functional=allow          Complianz's always-on category for the site's basic
//                                     operation: read as `necessary`
//     cmplz_preferences=allow|deny    the three optional categories, through
//     cmplz_statistics=allow|deny     `PurposeTables.categories`
//     cmplz_marketing=allow|deny
//     cmplz_stats, cmplz_all          older names of statistics and marketing
//     cmplz_statistics-anonymous=…    anonymised statistics that need no consent: listed only
//     cmplz_banner-status=dismissed   the banner was answered (`show` = not yet)
//     cmplz_choice=set                older: a choice was made
//     cmplz_consented_services={"youtube":true}   per-service consents (JSON, may be empty)
//     cmplz_policy_id=14              cookie policy version → `version`
//     cmplz_id=91093                  record-of-consent id → consent id
//     cmplz_consent_mode=ad_storage,… Consent Mode signals granted; listed only
//     cmplz_saved_categories, cmplz_saved_services, cmplz_event_*, …   listed as they are
//
// Reading: the signal is decided when the banner was dismissed, `cmplz_choice` is set, or an
// optional category (preferences, statistics, marketing) has a value; otherwise `undecided`.

/// Decoder of Complianz's `cmplz_*` cookies.
enum ComplianzDecoder {
    static let name = "Complianz cmplz_* cookies"

    /// Cookie name → the category it states.
    static let categoryCookies: [String: String] = [
        "cmplz_preferences": "preferences", "cmplz_statistics": "statistics", "cmplz_stats": "statistics",
        "cmplz_marketing": "marketing", "cmplz_all": "marketing",
    ]

    static func decode(_ value: String, tables: PurposeTables, details: inout ConsentDetails) throws(ConsentDecodeError) -> ConsentSignal {
        let text = try ConsentValueText(value, kindName: name)
        var cookies: [(name: String, value: String)] = []
        text.bytes.withUnsafeBufferPointer { buffer in
            for pair in CookieHeader.pairs(in: buffer) where pair.hasEquals {
                let cookieName = HTTPBytes.string(pair.name, in: buffer)
                guard cookieName.hasPrefix("cmplz_") else { continue }
                cookies.append((cookieName, PercentDecoding.decodedString(pair.value, in: buffer, plusAsSpace: false)))
            }
        }
        guard !cookies.isEmpty else {
            throw ConsentDecodeError("\(name): no cmplz_* cookie, expected a cookie header such as 'cmplz_statistics=allow; cmplz_marketing=deny'")
        }
        return decode(cookies: cookies, tables: tables, details: &details)
    }

    /// Decodes the `cmplz_*` (name, percent-decoded value) pairs of one request.
    static func decode(cookies: [(name: String, value: String)], tables: PurposeTables, details: inout ConsentDetails) -> ConsentSignal {
        var signal = ConsentSignal(source: ConsentValueKind.complianz.source)
        var raw: [String: JSONOutput] = [:]
        var decided = false
        var unmapped: [String] = []
        for (cookieName, value) in cookies {
            if raw[cookieName] == nil { raw[cookieName] = .string(value) }
            let category: String?
            if cookieName == "cmplz_functional" {
                category = nil
                if let choice = allowDeny(value, cookieName, &details) { signal.choices.combine(.necessary, choice) }
            } else {
                category = categoryCookies[cookieName]
            }
            if let category {
                guard let choice = allowDeny(value, cookieName, &details) else { continue }
                decided = true
                if let purpose = tables.purpose(ofCategory: category) {
                    signal.choices.combine(purpose, choice)
                } else {
                    unmapped.append(category)
                }
                continue
            }
            switch cookieName {
            case "cmplz_banner-status":
                if value == "dismissed" { decided = true }
            case "cmplz_choice":
                if !value.isEmpty { decided = true }
            case "cmplz_policy_id":
                if !value.isEmpty { signal.version = value }
            case "cmplz_id":
                if !value.isEmpty { signal.consentID = value }
            case "cmplz_consented_services":
                guard !value.isEmpty else { break }
                if let services = try? LooseValue.parseJSON(Array(value.utf8), kindName: name), services.members != nil {
                    details.set("consentedServices", services.json)
                } else {
                    details.warn("cmplz_consented_services is not a JSON object")
                }
            case "cmplz_consent_mode":
                details.setList("consentModeGranted", value.split(separator: ",").map(String.init))
            default:
                break
            }
        }
        details.set("cookies", .object(raw))
        details.setList("unmappedCategories", unmapped)
        if !decided {
            signal.undecided = true
            if Purpose.allCases.contains(where: { $0 != .necessary && signal.choices[$0] == .granted }) {
                signal.grantedByDefault = true
            }
        }
        return signal
    }

    private static func allowDeny(_ value: String, _ cookieName: String, _ details: inout ConsentDetails) -> PurposeChoice? {
        switch value.lowercased() {
        case "allow": return .granted
        case "deny": return .denied
        default:
            details.warn("\(cookieName)='\(value)' is neither allow nor deny; ignored")
            return nil
        }
    }

    /// Whether raw `bytes` hold a `cmplz_*` cookie pair.
    static func looksLike(_ bytes: [UInt8]) -> Bool {
        String(decoding: bytes, as: UTF8.self).hasPrefix("cmplz_")
    }
}
