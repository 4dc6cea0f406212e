/// The fields of a consent record and the many names exports give them.
///
/// Names are compared after normalisation: lower-case ASCII letters and digits only, so
/// `CONSENT-ID`, `consent_id` and `ConsentId` are the same name.
public enum ConsentField: String, Sendable, CaseIterable {
    case time, consentID = "consent_id", action, url, necessary, preferences, statistics, marketing
    case ip, userAgent = "user_agent", country, method, bannerVersion = "banner_version"
    case tcString = "tc_string", visitorID = "visitor_id"

    /// Normalised header names for each field (Cookiebot, CookieYes, Complianz, WordPress
    /// consent-log plugins, OneTrust and generic exports).
    static let synonyms: [ConsentField: [String]] = [
        .time: ["datetime", "date", "time", "timestamp", "consentdate", "consentdatetime", "consenttime", "createdat",
                "created", "consentedat", "consenttimestamp", "lastconsenttimestamp", "utc", "ts"],
        .consentID: ["consentid", "stamp", "consentuuid", "uuid", "consentkey", "id", "consentidentifier", "receiptid"],
        .action: ["action", "consentaction", "status", "consentstatus", "event", "accepttype", "choice"],
        .url: ["consenturl", "url", "pageurl", "page", "landingpath", "location"],
        .necessary: ["consentnecessary", "necessary", "necessaryconsent", "essential", "strictlynecessary"],
        .preferences: ["consentpreferences", "preferences", "preferencesconsent", "functional", "functionalconsent",
                       "functionality", "preference"],
        .statistics: ["consentstatistics", "statistics", "analytics", "analyticsconsent", "statisticsconsent",
                      "performance", "performanceconsent", "statistic"],
        .marketing: ["consentmarketing", "marketing", "marketingconsent", "targeting", "targetingconsent",
                     "advertising", "advertisement", "ads", "adsconsent"],
        .ip: ["useripanonymized", "ip", "ipaddress", "userip", "clientip", "ipanonymized", "remoteaddr"],
        .userAgent: ["useragent", "ua", "browser", "httpuseragent"],
        .country: ["ipcountry", "country", "countrycode", "geolocation", "region"],
        .method: ["method", "consentmethod", "consenttype", "type"],
        .bannerVersion: ["version", "bannerversion", "consentversion", "textversion", "policyversion", "cookiepolicyversion",
                         "ver", "revision", "bannerid", "policyid"],
        .tcString: ["tcstring", "tcf", "euconsent", "euconsentv2", "iab2", "consentstring", "gdprconsent"],
        .visitorID: ["visitorid", "clientid", "userid", "cid", "deviceid", "userkey"],
    ]

    static let byName: [String: ConsentField] = {
        var table: [String: ConsentField] = [:]
        for field in ConsentField.allCases {
            for name in synonyms[field] ?? [] where table[name] == nil { table[name] = field }
        }
        return table
    }()

    /// The field a header name stands for.
    public static func field(forHeader name: String, columnMap: [String: String] = [:]) -> ConsentField? {
        let n = normalise(name)
        // The config's column map wins: `consent_columns: {time: Zeitpunkt}`.
        for (fieldName, header) in columnMap.sorted(by: { $0.key < $1.key }) where normalise(header) == n {
            if let field = ConsentField(rawValue: fieldName) { return field }
        }
        return byName[n]
    }

    /// `s` with ASCII letters lower-cased and everything but ASCII letters and digits left out
    /// (`Consent-ID`, `consent_id` and `ConsentId` are one name).
    public static func normalise(_ s: String) -> String {
        s.withUTF8Buffer { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { out in
                var n = 0
                for b in bytes {
                    let lower = ASCII.lower(b)
                    if lower &- UInt8(ascii: "a") < 26 || b &- UInt8(ascii: "0") < 10 {
                        out[n] = lower
                        n += 1
                    }
                }
                return n
            }
        }
    }
}

/// The values of one consent record by field, in a slot per field (a dictionary per record
/// hashed the field at every read and write).
struct ConsentFieldValues {
    private var slots = [String?](repeating: nil, count: ConsentField.allCases.count)

    subscript(_ field: ConsentField) -> String? {
        get { slots[field.slot] }
        set { slots[field.slot] = newValue }
    }
}

extension ConsentField {
    /// The field's place in `allCases`.
    var slot: Int {
        switch self {
        case .time: return 0
        case .consentID: return 1
        case .action: return 2
        case .url: return 3
        case .necessary: return 4
        case .preferences: return 5
        case .statistics: return 6
        case .marketing: return 7
        case .ip: return 8
        case .userAgent: return 9
        case .country: return 10
        case .method: return 11
        case .bannerVersion: return 12
        case .tcString: return 13
        case .visitorID: return 14
        }
    }
}

/// Value spellings of consent exports.
enum ConsentValues {
    /// `true/false/1/0/yes/no/allow/deny/granted/denied/accepted/rejected/on/off/y/n` → choice;
    /// nil for empty or anything else.
    static func choice(_ text: String) -> PurposeChoice? {
        switch text.trimmingSpaces().lowercased() {
        case "true", "1", "yes", "y", "allow", "allowed", "granted", "grant", "accepted", "accept", "on", "opt-in", "optin":
            return .granted
        case "false", "0", "no", "n", "deny", "denied", "rejected", "reject", "off", "opt-out", "optout", "declined":
            return .denied
        default:
            return nil
        }
    }

    static func action(_ text: String) -> ConsentRecord.Action? {
        switch ConsentField.normalise(text) {
        case "accept", "accepted", "acceptall", "all", "optin", "allowall", "consentgiven": return .accept
        case "reject", "rejected", "rejectall", "necessary", "necessaryonly", "denyall", "deny", "declined", "optout": return .reject
        case "partial", "custom", "customised", "customized", "save", "saved", "selection", "partialaccept": return .partial
        case "update", "updated", "change", "changed", "modified": return .update
        case "withdraw", "withdrawn", "revoke", "revoked", "withdrawal": return .withdraw
        default: return nil
        }
    }

    static func method(_ text: String) -> ConsentMethod? {
        switch ConsentField.normalise(text) {
        case "explicit", "optin", "click", "banner": return .explicit
        case "implied", "implicit", "scroll", "continued", "continuebrowsing", "impliedconsent": return .implied
        default: return nil
        }
    }

    /// Time forms of consent exports: ISO-8601 (`T` or space, no zone = UTC), epoch seconds or
    /// milliseconds, and the day-first European forms `21.11.2026 10:00:01` and
    /// `21/11/2026 10:00:01` (month-first US dates are not guessed).
    static func time(_ text: String) -> Int64? {
        var t = text.trimmingSpaces()
        if t.isEmpty { return nil }
        // Read on the bytes: every character is an ASCII digit exactly when every byte is one.
        if t.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) {
            let digits = Array(t.utf8)
            return digits.withUnsafeBufferPointer { b in
                switch b.count {
                case 13: return Timestamp.parseEpochMilliseconds(b)
                case 9, 10: return Timestamp.parseEpochSeconds(b)
                default: return nil
                }
            }
        }
        if let iso = t.withUTF8({ Timestamp.parseISO8601($0) }) { return iso }
        if t.hasSuffix(" UTC") || t.hasSuffix(" GMT") { t = String(t.dropLast(4)) }
        let bytes = Array(t.utf8)
        return bytes.withUnsafeBufferPointer { b -> Int64? in
            guard b.count >= 16, let day = Timestamp.digits(b, 0, 2), b[2] == ASCII.dot || b[2] == ASCII.slash,
                  let month = Timestamp.digits(b, 3, 2), b[5] == b[2], let year = Timestamp.digits(b, 6, 4),
                  b[10] == ASCII.space, let hour = Timestamp.digits(b, 11, 2), b[13] == ASCII.colon,
                  let minute = Timestamp.digits(b, 14, 2) else { return nil }
            var second = 0
            if b.count >= 19 {
                guard b[16] == ASCII.colon, let s = Timestamp.digits(b, 17, 2) else { return nil }
                second = s
            }
            return Timestamp.epochMilliseconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        }
    }
}
